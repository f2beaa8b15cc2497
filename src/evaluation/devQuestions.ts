// The dev question set: questions with what a good answer is (a paragraph, or a decline).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import { parseYaml } from '../knowledge/yamlFile.js';

const place = z.union([z.number().int().positive(), z.enum(['title', 'subtitle', 'caption'])]);

const devQuestionSchema = z.strictObject({
  q: z.string().min(1),
  kind: z.enum(['answerable', 'unanswerable', 'offtopic', 'chat']),
  style: z.enum(['plain', 'paraphrase', 'typo', 'slang']),
  expect: z.array(place).min(1).optional(),
});
export type DevQuestion = z.infer<typeof devQuestionSchema>;
export type QuestionKind = DevQuestion['kind'];

const devSetSchema = z.strictObject({ questions: z.array(devQuestionSchema) });

export async function loadDevQuestions(file: string): Promise<DevQuestion[]> {
  const parsed = parseYaml(file, await readFile(file, 'utf8'));
  if (!parsed.ok) throw new KnowledgeError(parsed.problems);
  const result = devSetSchema.safeParse(parsed.value.data);
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
  const missing = result.data.questions.find((q) => q.kind === 'answerable' && !q.expect);
  if (missing) throw new KnowledgeError([{ file, line: null, entry: null, message: `answerable question "${missing.q}" has no expect` }]);
  return result.data.questions;
}
