// Conversation sets: short exchanges where a later question leans on an earlier one ("and who said that?"), to
// measure answering a follow-up with what was asked just before. Each turn is a dev question, judged the same way.
import { z } from 'zod';
import { articleOf, devQuestionSchema, readSetFile, type DevQuestion } from './devQuestions.js';

const conversationSetSchema = z.strictObject({
  article: z.string().min(1).optional(),
  conversations: z.array(z.strictObject({ turns: z.array(devQuestionSchema).min(2) })).min(1),
});

export interface ConversationSet {
  readonly file: string;
  /** A story of the development corpus, or null for the home story. */
  readonly article: string | null;
  readonly conversations: ReadonlyArray<readonly DevQuestion[]>;
}

export async function loadConversationSet(file: string): Promise<ConversationSet> {
  const data = await readSetFile(file, conversationSetSchema);
  return { file, article: articleOf(data.article), conversations: data.conversations.map((c) => c.turns) };
}
