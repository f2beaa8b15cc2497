// The word lists the question drafter reads (lexicon/question-drafting.yaml), loaded once and checked.
import { readFileSync } from 'node:fs';
import { projectPath } from '../projectFiles.js';
import { parse } from 'yaml';
import { z } from 'zod';

export const DRAFTING_WORDS_FILE = projectPath('lexicon', 'question-drafting.yaml');

const wordList = z.array(z.string().regex(/^[a-z]+$/));
const draftingWordsSchema = z.strictObject({
  roles: wordList,
  speechVerbs: wordList,
  irregularPast: z.record(z.string(), z.string()),
  openers: wordList,
});

export interface DraftingWords {
  readonly roles: ReadonlySet<string>;
  readonly speechVerbs: ReadonlySet<string>;
  /** Past form → base form, for the forms that are not the base plus -ed. */
  readonly irregularPast: ReadonlyMap<string, string>;
  readonly openers: ReadonlySet<string>;
}

let loaded: DraftingWords | null = null;

export function draftingWords(): DraftingWords {
  if (loaded) return loaded;
  const data = draftingWordsSchema.parse(parse(readFileSync(DRAFTING_WORDS_FILE, 'utf8')));
  loaded = {
    roles: new Set(data.roles),
    speechVerbs: new Set(data.speechVerbs),
    irregularPast: new Map(Object.entries(data.irregularPast)),
    openers: new Set(data.openers),
  };
  return loaded;
}
