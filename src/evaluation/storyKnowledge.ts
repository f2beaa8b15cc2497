// The knowledge a dev set is asked against: the home story's folder, or a story of the development corpus made
// by knowledge:init from its article alone (in memory, as `npm run knowledge:init` would write it).
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { initKnowledge } from '../knowledge/initKnowledge.js';
import { buildSnapshot, type KnowledgeSnapshot } from '../knowledge/knowledgeStore.js';
import { loadKnowledge, validateKnowledge } from '../knowledge/validateKnowledge.js';

/** The development corpus: real articles kept outside the repository (never copied into it). */
export function storiesDir(): string {
  return path.resolve(process.env.STORIES_DIR ?? path.join('..', 'shared', 'stories'));
}

export async function storyAvailable(article: string): Promise<boolean> {
  return access(path.join(storiesDir(), `${article}.txt`)).then(
    () => true,
    () => false,
  );
}

/** The knowledge `knowledge:init` makes from an article file, with no curated Q&A. */
export async function snapshotFromArticle(file: string): Promise<KnowledgeSnapshot> {
  const { files } = initKnowledge(await readFile(file, 'utf8'));
  const knowledge = validateKnowledge({
    dir: path.dirname(file),
    article: files['article.txt']!,
    story: files['story.yaml']!,
    qa: files['qa.yaml']!,
    qaParts: [],
    aliases: files['aliases.yaml']!,
  });
  return buildSnapshot(knowledge);
}

export interface EvalKnowledgeOptions {
  /** The home story's folder. */
  readonly knowledgeDir: string;
  /** Ask the home story's sets against its article alone, as knowledge:init would make it. */
  readonly articleOnly: boolean;
}

/** The snapshot for a set's article (null: the home story), or null when the corpus article is absent. */
export async function snapshotForArticle(article: string | null, options: EvalKnowledgeOptions): Promise<KnowledgeSnapshot | null> {
  if (article !== null) {
    if (!(await storyAvailable(article))) return null;
    return snapshotFromArticle(path.join(storiesDir(), `${article}.txt`));
  }
  if (options.articleOnly) return snapshotFromArticle(path.join(options.knowledgeDir, 'article.txt'));
  return buildSnapshot(await loadKnowledge(options.knowledgeDir));
}
