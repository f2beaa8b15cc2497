// Conversation sets: short exchanges where a later question leans on an earlier one ("and who said that?"), to
// measure answering a follow-up with what was asked just before. Each turn is a dev question, judged the same way.
import { z } from 'zod';
import { devQuestionSchema, HOME_ARTICLE, readSetFile, type DevQuestion } from './devQuestions.js';

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
  const article = data.article === undefined || data.article === HOME_ARTICLE ? null : data.article;
  return { file, article, conversations: data.conversations.map((c) => c.turns) };
}
