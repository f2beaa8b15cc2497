// Conversation sets: short exchanges where a later question leans on an earlier one ("and who said that?"), to
// measure answering a follow-up with what was asked just before. Each turn is a dev question, judged the same way.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import { parseYaml } from '../knowledge/yamlFile.js';
import { devQuestionSchema, HOME_ARTICLE, type DevQuestion } from './devQuestions.js';

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
  const parsed = parseYaml(file, await readFile(file, 'utf8'));
  if (!parsed.ok) throw new KnowledgeError(parsed.problems);
  const result = conversationSetSchema.safeParse(parsed.value.data);
  if (!result.success) {
    throw new KnowledgeError(
      result.error.issues.map((issue) => ({
        file,
        line: parsed.value.lineOf(issue.path.filter((p): p is string | number => typeof p !== 'symbol')),
        entry: null,
        message: issue.message,
      })),
    );
  }
  const article = result.data.article === undefined || result.data.article === HOME_ARTICLE ? null : result.data.article;
  return { file, article, conversations: result.data.conversations.map((c) => c.turns) };
}
