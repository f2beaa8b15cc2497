// A "did you mean" choice: the chosen entry's answer, as if its question had been asked, and recorded like one.
import { answerForEntry } from '../engine/answerQuestion.js';
import { subjectOf } from '../engine/followUp.js';
import { recordAsked, replyForResult, withFeedback } from './ask.js';
import type { CommandContext } from './commandDefinition.js';
import type { Reply } from './reply.js';

export function chosenSuggestion(
  entryId: string,
  { store, record, origin, conversation }: Pick<CommandContext, 'store' | 'record' | 'origin' | 'conversation'>,
): Reply {
  const snapshot = store.current;
  const entry = snapshot.knowledge.entries.find((e) => e.id === entryId);
  const result = entry ? answerForEntry(snapshot.index, entry.id) : null;
  if (!entry || !result) {
    return { kind: 'notice', text: 'That question is no longer in the knowledge (it was reloaded). Please ask again.', ephemeral: true };
  }
  const id = recordAsked(entry.question, result, record, origin);
  // The chosen question is now the one asked: a follow-up leans on it.
  conversation?.memory.remember(conversation.asker, snapshot.knowledge.story.title, subjectOf(entry.question, result));
  return { ...withFeedback(replyForResult(result, snapshot), result, id), title: entry.question };
}
