// /story: what the story is: title, date, source, summary and how much the bot knows about it.
import type { CommandDefinition } from './commandDefinition.js';
import type { Reply } from './reply.js';
import type { KnowledgeSnapshot } from '../store/knowledgeStore.js';

/** The story as /story shows it: only the fields story.yaml gives, never a placeholder. */
export function storyReply(snapshot: KnowledgeSnapshot): Reply {
  const { story, entries } = snapshot.knowledge;
  const facts = entries.filter((e) => e.kind === 'fact').length;
  const field = (name: string, value: string | null) => (value ? [{ name, value }] : []);
  const photo = story.caption ? (story.credit ? `${story.caption} (${story.credit})` : story.caption) : null;
  const source = story.source && story.url ? `${story.source} (${story.url})` : (story.source ?? story.url);
  return {
    kind: 'info',
    title: story.title,
    text: [story.subtitle, story.summary].filter(Boolean).join('\n\n') || `${story.paragraphs.length} paragraphs.`,
    fields: [
      ...field('Date', story.date),
      ...field('By', story.byline),
      ...field('Source', source),
      { name: 'Paragraphs', value: String(story.paragraphs.length) },
      { name: 'Q&A entries', value: String(facts) },
      ...field('Photo', photo),
    ],
    ephemeral: false,
  };
}

export const storyCommand: CommandDefinition = {
  name: 'story',
  description: 'What story this bot knows: title, date, source and summary',
  options: [],
  run: (_options, { store }) => storyReply(store.current),
};
