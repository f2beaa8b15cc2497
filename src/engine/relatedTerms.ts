// The story's words related to a question's word that the story doesn't use: "envoy" → ambassador, "soldiers"
// → troops, "pricey" → cost. Word vectors give each story term a direction (the mean of its words' vectors);
// a question word's related terms are the story terms pointing nearly the same way.
import { RememberedWork } from '../language/rememberedWork.js';
import { MAX_RELATED, RELATED_MIN_RARITY, RELATED_SIMILARITY, WORDNET_SIMILARITY } from './tuning.js';
import { isEnglishWord } from '../language/englishWords.js';
import { wordRarity } from '../language/wordRarity.js';
import { cosine, DIMENSIONS, wordVectors } from '../language/wordVectors.js';
import { relatedStems, sameNameStems } from '../language/wordRelations.js';

const MEMO_LIMIT = 20_000;

export interface RelatedTerm {
  readonly term: string;
  readonly similarity: number;
}

/** What RelatedTerms is made of, as plain data (built once per knowledge, copied between threads). */
export interface RelatedTermsData {
  /** Story terms with a direction, and their unit vectors, DIMENSIONS floats each. */
  readonly terms: readonly string[];
  readonly vectors: Float32Array;
  /** Every story term, for WordNet's relations (which need no vector). */
  readonly storyTerms: readonly string[];
}

/** Each story term's direction: the mean of its words' vectors. `wordsOfTerm`: each term with the words it was written as. */
export function relatedTermsData(wordsOfTerm: ReadonlyMap<string, readonly string[]>): RelatedTermsData {
  const table = wordVectors();
  const terms: string[] = [];
  const found: Float32Array[] = [];
  for (const [term, words] of wordsOfTerm) {
    if (Math.min(...words.map(wordRarity)) < RELATED_MIN_RARITY) continue;
    const sum = new Float32Array(DIMENSIONS);
    let any = false;
    for (const word of words) {
      const v = table.vector(word);
      if (!v) continue;
      any = true;
      for (let d = 0; d < DIMENSIONS; d++) sum[d]! += v[d]!;
    }
    if (!any) continue;
    const norm = Math.hypot(...sum) || 1;
    for (let d = 0; d < DIMENSIONS; d++) sum[d]! /= norm;
    terms.push(term);
    found.push(sum);
  }
  const vectors = new Float32Array(found.length * DIMENSIONS);
  found.forEach((v, i) => vectors.set(v, i * DIMENSIONS));
  return { terms, vectors, storyTerms: [...wordsOfTerm.keys()] };
}

export class RelatedTerms {
  private readonly terms: readonly string[];
  private readonly position = new Map<string, number>();
  private readonly vectors: Float32Array;
  private readonly related = new RememberedWork<readonly RelatedTerm[]>(MEMO_LIMIT);
  private readonly similarity = new RememberedWork<Float32Array | null>(MEMO_LIMIT);
  private readonly storyTerms: ReadonlySet<string>;

  constructor(data: RelatedTermsData) {
    this.terms = data.terms;
    this.vectors = data.vectors;
    this.storyTerms = new Set(data.storyTerms);
    this.terms.forEach((term, i) => this.position.set(term, i));
  }

  /**
   * How related the question word `surface` is to each story term with a vector (see `similarityTo`), or null
   * when the word has none or is an everyday word.
   */
  similarities(surface: string): Float32Array | null {
    return this.similarity.get(surface, (word) => this.computeSimilarities(word));
  }

  private computeSimilarities(surface: string): Float32Array | null {
    // A name ("france", "netflix") means itself: no other name or word stands in for it.
    const vector = wordRarity(surface) < RELATED_MIN_RARITY || !isEnglishWord(surface) ? null : wordVectors().vector(surface);
    if (!vector) return null;
    const count = this.terms.length;
    const vectors = this.vectors;
    const sims = new Float32Array(count);
    // The hot loop of a first-seen word (a dot product per story term): four sums at a time.
    for (let i = 0, base = 0; i < count; i++, base += DIMENSIONS) {
      let a = 0;
      let b = 0;
      let c = 0;
      let e = 0;
      for (let d = 0; d < DIMENSIONS; d += 4) {
        a += vector[d]! * vectors[base + d]!;
        b += vector[d + 1]! * vectors[base + d + 1]!;
        c += vector[d + 2]! * vectors[base + d + 2]!;
        e += vector[d + 3]! * vectors[base + d + 3]!;
      }
      sims[i] = a + b + c + e;
    }
    return sims;
  }

  /** Where a story term sits in `similarities`' result, or undefined when it has no vector. */
  positionOf(term: string): number | undefined {
    return this.position.get(term);
  }

  /** Story terms related to the question word `surface` (its term `term` excluded), closest first. */
  relatedTo(surface: string, term: string): readonly RelatedTerm[] {
    return this.related.get(`${surface} ${term}`, () => this.search(surface, term));
  }

  private search(surface: string, term: string): readonly RelatedTerm[] {
    const found = new Map<string, number>();
    // WordNet first: a synonym or the kind of thing is as good as the word ("blaze" for "fire").
    // A name relates only to the same thing named another way ("britain", the uk), never to its kind ("france", a writer).
    for (const other of isEnglishWord(surface) ? relatedStems(surface) : sameNameStems(surface)) {
      if (other !== term && this.storyTerms.has(other)) found.set(other, WORDNET_SIMILARITY);
    }
    const sims = this.similarities(surface);
    if (sims) {
      for (let i = 0; i < this.terms.length; i++) {
        if (sims[i]! < RELATED_SIMILARITY || this.terms[i] === term) continue;
        found.set(this.terms[i]!, Math.max(found.get(this.terms[i]!) ?? 0, sims[i]!));
      }
    }
    const best: RelatedTerm[] = [...found].map(([t, similarity]) => ({ term: t, similarity }));
    return best.sort((a, b) => b.similarity - a.similarity).slice(0, MAX_RELATED);
  }

  /** How related two words are, or 0 when either has no vector. */
  static similarity(a: string, b: string): number {
    const table = wordVectors();
    const va = table.vector(a);
    const vb = table.vector(b);
    return va && vb ? cosine(va, vb) : 0;
  }
}
