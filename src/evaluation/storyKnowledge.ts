// The knowledge a dev set is asked against: the home story's folder, or a story of the development corpus made
// by knowledge:init from its article alone (in memory, as `npm run knowledge:init` would write it).
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { articleSources } from '../knowledge/initKnowledge.js';
import { buildSnapshot, type KnowledgeSnapshot } from '../store/knowledgeStore.js';
import { draftFor, sourcesWithDraft } from '../authoring/draftQa.js';
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

/**
 * The knowledge `knowledge:init` makes from an article file, with no curated Q&A; with `withDraft`, plus what
 * `knowledge:draft` drafts for it, accepted as drafted (no moderator's review).
 */
export async function snapshotFromArticle(file: string, withDraft = false): Promise<KnowledgeSnapshot> {
  const sources = articleSources(await readFile(file, 'utf8'), path.dirname(file));
  return buildSnapshot(validateKnowledge(withDraft ? sourcesWithDraft(sources, draftFor(sources).yaml) : sources));
}

export interface EvalKnowledgeOptions {
  /** The home story's folder. */
  readonly knowledgeDir: string;
  /** Ask the home story's sets against its article alone, as knowledge:init would make it. */
  readonly articleOnly: boolean;
  /** Add knowledge:draft's entries, accepted unedited, to knowledge made from an article alone. */
  readonly withDraft?: boolean;
}

/** The snapshot for a set's article (null: the home story), or null when the corpus article is absent. */
export async function snapshotForArticle(article: string | null, options: EvalKnowledgeOptions): Promise<KnowledgeSnapshot | null> {
  if (article !== null) {
    if (!(await storyAvailable(article))) return null;
    return snapshotFromArticle(path.join(storiesDir(), `${article}.txt`), options.withDraft);
  }
  if (options.articleOnly) return snapshotFromArticle(path.join(options.knowledgeDir, 'article.txt'), options.withDraft);
  return buildSnapshot(await loadKnowledge(options.knowledgeDir));
}
