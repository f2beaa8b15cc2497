// A symmetric-delete index (SymSpell's idea) over a vocabulary: every word with up to two letters deleted, so the
// words up to two edits from a typo are found by looking up the typo's own deletions, whatever the vocabulary's
// size. Kept as two typed arrays (a hash of each deletion, sorted, and its word), eight bytes per entry.

const HASH_SHIFT = 2 ** 21;
/** Up to 2^21 words: the hash and the word's id share one exact float64. */
const MAX_WORDS = HASH_SHIFT;

/** FNV-1a: a 32-bit hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The text and each variant of it with up to `depth` letters deleted. */
function deletions(text: string, depth: number): Set<string> {
  const out = new Set([text]);
  let frontier = [text];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const t of frontier) {
      for (let i = 0; i < t.length; i++) {
        const shorter = t.slice(0, i) + t.slice(i + 1);
        if (!out.has(shorter)) {
          out.add(shorter);
          next.push(shorter);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Deletions kept per word: two, so that two typos (a letter dropped and one changed) are found. */
const DEPTH = 2;

/** A delete index's data: plain arrays, built where the index is built (a worker) and sent or cached as they are. */
export interface DeleteIndexData {
  readonly words: readonly string[];
  /** The hash of each deletion, sorted; `ids[i]` is the word it was made from. */
  readonly hashes: Uint32Array;
  readonly ids: Int32Array;
}

/** Every deletion of every word, hashed and sorted. */
export function buildDeleteIndex(words: readonly string[]): DeleteIndexData {
  if (words.length > MAX_WORDS) throw new Error(`a delete index holds at most ${MAX_WORDS} words`);
  const packed: number[] = [];
  words.forEach((word, id) => {
    for (const variant of deletions(word, DEPTH)) packed.push(hash(variant) * HASH_SHIFT + id);
  });
  const sorted = Float64Array.from(packed).sort();
  const hashes = new Uint32Array(sorted.length);
  const ids = new Int32Array(sorted.length);
  sorted.forEach((value, i) => {
    hashes[i] = Math.floor(value / HASH_SHIFT);
    ids[i] = value % HASH_SHIFT;
  });
  return { words, hashes, ids };
}

/**
 * The index of `words` made from `previous`, the index of an earlier vocabulary: only the words added are worked
 * out, the others keep their deletions. Both word lists must be sorted and distinct (ids follow that order, so the
 * kept entries stay in order and one merge gives exactly what buildDeleteIndex(words) would). A reload's vocabulary
 * is mostly the last one's; when much of it is new, building afresh is as cheap.
 */
export function updateDeleteIndex(previous: DeleteIndexData, words: readonly string[]): DeleteIndexData {
  if (words.length > MAX_WORDS) throw new Error(`a delete index holds at most ${MAX_WORDS} words`);
  const before = previous.words;
  const newId = new Int32Array(before.length).fill(-1);
  const added: number[] = [];
  for (let i = 0, j = 0; j < words.length; ) {
    if (i < before.length && before[i]! < words[j]!) i++;
    else if (i < before.length && before[i] === words[j]) newId[i++] = j++;
    else added.push(j++);
  }
  if (added.length > words.length / 4) return buildDeleteIndex(words);

  const fresh: number[] = [];
  for (const id of added) for (const variant of deletions(words[id]!, DEPTH)) fresh.push(hash(variant) * HASH_SHIFT + id);
  const freshSorted = Float64Array.from(fresh).sort();
  let kept = 0;
  for (const id of previous.ids) if (newId[id]! >= 0) kept++;
  const hashes = new Uint32Array(kept + freshSorted.length);
  const ids = new Int32Array(kept + freshSorted.length);
  let out = 0;
  let f = 0;
  const take = (value: number) => {
    hashes[out] = Math.floor(value / HASH_SHIFT);
    ids[out++] = value % HASH_SHIFT;
  };
  for (let k = 0; k < previous.ids.length; k++) {
    const id = newId[previous.ids[k]!]!;
    if (id < 0) continue;
    const value = previous.hashes[k]! * HASH_SHIFT + id;
    while (f < freshSorted.length && freshSorted[f]! < value) take(freshSorted[f++]!);
    take(value);
  }
  while (f < freshSorted.length) take(freshSorted[f++]!);
  return { words, hashes, ids };
}

export class DeleteIndex {
  private readonly words: readonly string[];
  private readonly hashes: Uint32Array;
  private readonly ids: Int32Array;

  constructor(data: DeleteIndexData) {
    this.words = data.words;
    this.hashes = data.hashes;
    this.ids = data.ids;
  }

  /** Words that may be within `edits` (1 or 2) of `typo`: candidates only, to check with an edit distance. */
  candidates(typo: string, edits: 1 | 2): string[] {
    const queries = deletions(typo, edits);
    const found = new Set<number>();
    for (const query of queries) {
      const h = hash(query);
      for (let i = this.lowerBound(h); i < this.hashes.length && this.hashes[i] === h; i++) found.add(this.ids[i]!);
    }
    return [...found].map((id) => this.words[id]!);
  }

  private lowerBound(h: number): number {
    let lo = 0;
    let hi = this.hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.hashes[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
