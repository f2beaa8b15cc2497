// Which dev sets train the passage model and which are held out to measure it: one list, so `npm run train`
// and the tests agree. Held-out sets are never looked at question by question; only their rates are reported.
import path from 'node:path';

/** Corpus articles (in ../shared/stories) the model learns from, each with its blind question sets a and b. */
export const TRAINING_ARTICLES = ['business-045', 'entertainment-103', 'entertainment-201', 'politics-077', 'tech-045'] as const;
/** Corpus articles kept out of training: how the model does on articles it has never seen. */
export const HELD_OUT_ARTICLES = ['business-103', 'sport-150', 'tech-201'] as const;

export function storySets(root: string, articles: readonly string[]): string[] {
  return articles.flatMap((article) => ['a', 'b'].map((set) => path.join(root, 'eval', 'stories', `${article}-${set}.yaml`)));
}

/** Off-topic questions the threshold must decline on articles the model has not seen (measured leave-one-article-out). */
export const OFFTOPIC_TARGET = 0.96;
