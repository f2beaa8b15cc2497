// /help: what the bot does and how to ask, with example questions from the knowledge.
import type { CommandDefinition } from './commandDefinition.js';
import { exampleQuestions } from './examples.js';
import type { Reply } from './reply.js';
import type { KnowledgeSnapshot } from '../store/knowledgeStore.js';

export function helpReply(snapshot: KnowledgeSnapshot, isModerator: boolean): Reply {
  const examples = exampleQuestions(snapshot, 4)
    .map((q) => `• ${q}`)
    .join('\n');
  const fields = [
    { name: 'Ask', value: '`/ask question:` in your own words (typos are fine), or mention me with your question.' },
    {
      name: 'Quotes',
      value: '`/quote` for a notable quote, `/quote about:` for the sentence on a topic, `/quote paragraph:` for one paragraph.',
    },
    { name: 'The story', value: '`/story` for the title, date, source and a summary.' },
    { name: 'Examples', value: examples || 'Ask about anything the story says: who, what, when, where, how many, why.' },
  ];
  if (isModerator)
    fields.push({
      name: 'Moderators',
      value: '`/reload` re-reads the knowledge files; a broken file is refused and the old knowledge stays.',
    });
  return {
    kind: 'info',
    title: 'What I can do',
    text: `I answer questions about one news story, “${snapshot.knowledge.story.title}”, and quote it word for word. If the story doesn’t say something, I’ll tell you rather than guess.`,
    fields,
    ephemeral: true,
  };
}

export const helpCommand: CommandDefinition = {
  name: 'help',
  description: 'What this bot can do, with example questions',
  options: [],
  run: (_options, { store, isModerator }) => helpReply(store.current, isModerator),
};
