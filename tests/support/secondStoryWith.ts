// The second story fixture copied to a temporary folder with more Q&A files in its qa/ folder, opened: for
// tests of engine behaviour that needs entries of a particular shape.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { KnowledgeStore, type KnowledgeSnapshot } from '../../src/store/knowledgeStore.js';
import { ROOT } from './runProcess.js';

export const SECOND_STORY_DIR = path.join(ROOT, 'tests', 'fixtures', 'second-story');

/** A question the second story doesn't answer, in the moderators' words: a not-in-story file for qa/. */
export const BOOKS_VALUE = `entries:
  - id: books-value
    kind: not-in-story
    question: How much were the damaged books worth?
    alternates:
      - what was the value of the ruined books
      - how much money were the lost books worth
    answer: The story doesn't put a value on the books. It says about 12,000 were damaged, and what the repairs cost.
    related: [books-damaged, repair-cost]
`;

export interface TemporaryKnowledge {
  readonly snapshot: KnowledgeSnapshot;
  remove(): Promise<void>;
}

/** `parts` maps file names in qa/ to their YAML. */
export async function secondStoryWith(parts: Record<string, string>): Promise<TemporaryKnowledge> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'story-bot-second-story-'));
  await cp(SECOND_STORY_DIR, dir, { recursive: true });
  await mkdir(path.join(dir, 'qa'));
  for (const [name, text] of Object.entries(parts)) await writeFile(path.join(dir, 'qa', name), text);
  const snapshot = (await KnowledgeStore.open(dir)).current;
  return { snapshot, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** For a test file: the same, loaded before its tests and removed after them. */
export function secondStoryForTests(parts: Record<string, string>): { readonly snapshot: KnowledgeSnapshot } {
  let knowledge: TemporaryKnowledge | null = null;
  beforeAll(async () => {
    knowledge = await secondStoryWith(parts);
  });
  afterAll(() => knowledge?.remove());
  return {
    get snapshot() {
      if (!knowledge) throw new Error('the temporary knowledge is read before it was loaded');
      return knowledge.snapshot;
    },
  };
}
