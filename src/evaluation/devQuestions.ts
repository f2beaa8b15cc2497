// The dev question set: questions with what a good answer is (a paragraph, or a decline).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import { parseYaml } from '../knowledge/yamlFile.js';

const place = z.union([z.number().int().positive(), z.enum(['title', 'subtitle', 'caption'])]);

export const devQuestionSchema = z.strictObject({
  q: z.string().min(1),
  kind: z.enum(['answerable', 'unanswerable', 'offtopic', 'chat']),
  style: z.enum(['plain', 'paraphrase', 'typo', 'slang']),
  expect: z.array(place).min(1).optional(),
  /** Short verbatim excerpts that hold the answer: when given, the quote's sentence must contain one. */
  evidence: z.array(z.string().min(1)).min(1).optional(),
});
export type DevQuestion = z.infer<typeof devQuestionSchema>;
export type QuestionKind = DevQuestion['kind'];

/** Which article a set asks about: absent or "home" for the knowledge folder's own story. */
const devSetSchema = z.strictObject({ article: z.string().min(1).optional(), questions: z.array(devQuestionSchema) });

export interface DevSet {
  readonly file: string;
  /** A story of the development corpus (`<name>.txt` in the stories folder), or null for the home story. */
  readonly article: string | null;
  readonly questions: readonly DevQuestion[];
}

const HOME_ARTICLE = 'home';

/** A set's `article:`: a corpus article's name, or null for the home story (no key, or "home"). */
export function articleOf(name: string | undefined): string | null {
  return name === undefined || name === HOME_ARTICLE ? null : name;
}

/** A question-set file read and checked against its schema; a problem names the file and the line. */
export async function readSetFile<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const parsed = parseYaml(file, await readFile(file, 'utf8'));
  if (!parsed.ok) throw new KnowledgeError(parsed.problems);
  const result = schema.safeParse(parsed.value.data);
  if (result.success) return result.data;
  throw new KnowledgeError(
    result.error.issues.map((issue) => ({
      file,
      line: parsed.value.lineOf(issue.path.filter((p): p is string | number => typeof p !== 'symbol')),
      entry: null,
      message: issue.message,
    })),
  );
}

export async function loadDevSet(file: string): Promise<DevSet> {
  const data = await readSetFile(file, devSetSchema);
  const missing = data.questions.find((q) => q.kind === 'answerable' && !q.expect);
  if (missing) throw new KnowledgeError([{ file, line: null, entry: null, message: `answerable question "${missing.q}" has no expect` }]);
  return { file, article: articleOf(data.article), questions: data.questions };
}

export async function loadDevQuestions(file: string): Promise<readonly DevQuestion[]> {
  return (await loadDevSet(file)).questions;
}
