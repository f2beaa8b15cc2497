// /story: what the story is: title, date, source, summary and how much the bot knows about it.
import type { CommandDefinition } from './commandDefinition.js';
import type { Reply } from './reply.js';
import type { KnowledgeSnapshot } from '../knowledge/knowledgeStore.js';

export function storyReply(snapshot: KnowledgeSnapshot): Reply {
  const { story, entries } = snapshot.knowledge;
  const facts = entries.filter((e) => e.kind === 'fact').length;
  return {
    kind: 'info',
    title: story.title,
    text: `${story.subtitle}\n\n${story.summary}`,
    fields: [
      { name: 'Date', value: story.date },
      { name: 'Source', value: story.source },
      { name: 'Paragraphs', value: String(story.paragraphs.length) },
      { name: 'Q&A entries', value: String(facts) },
      { name: 'Photo', value: `${story.caption} (${story.credit})` },
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
