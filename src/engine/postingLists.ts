// Inverted indexes packed into typed arrays: at 100x the story, hundreds of thousands of postings would
// otherwise each cost a slot in one of tens of thousands of small arrays.

/** Terms numbered 0..n-1, shared by the posting lists of one index. */
export type TermIds = ReadonlyMap<string, number>;

/** The arrays of posting lists, as plain data (copied between threads, kept in a cache). */
export interface PostingData {
  /** Term t's ids are `ids[starts[t] .. starts[t + 1]]`. */
  readonly starts: Int32Array;
  readonly ids: Int32Array;
}

/** Ids of the documents that use each term, ascending; `get` answers as a Map of term → ids would. */
export class PostingLists {
  private readonly starts: Int32Array;
  private readonly ids: Int32Array;

  constructor(
    private readonly termIds: TermIds,
    data: PostingData,
  ) {
    this.starts = data.starts;
    this.ids = data.ids;
  }

  get data(): PostingData {
    return { starts: this.starts, ids: this.ids };
  }

  /** The documents using `term`, ascending; undefined when none does. */
  get(term: string): Int32Array | undefined {
    const t = this.termIds.get(term);
    if (t === undefined || this.starts[t] === this.starts[t + 1]) return undefined;
    return this.ids.subarray(this.starts[t], this.starts[t + 1]);
  }

  /** Whether any document uses `term`. */
  has(term: string): boolean {
    const t = this.termIds.get(term);
    return t !== undefined && this.starts[t] !== this.starts[t + 1];
  }

  /** Calls `visit` with each document using `term`, ascending: no array or iterator made (a question's hot loop). */
  forEach(term: string, visit: (id: number) => void): void {
    const t = this.termIds.get(term);
    if (t === undefined) return;
    const end = this.starts[t + 1]!;
    for (let i = this.starts[t]!; i < end; i++) visit(this.ids[i]!);
  }

  /** Whether document `id` uses `term`. */
  includes(term: string, id: number): boolean {
    const t = this.termIds.get(term);
    if (t === undefined) return false;
    let lo = this.starts[t]!;
    let hi = this.starts[t + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.ids[mid]!;
      if (at === id) return true;
      if (at < id) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }
}

/**
 * Builds posting lists in two passes over the same documents: one counts, one fills. `forEachDoc` calls
 * `visit(doc, term)` for every term of every document, documents in ascending order.
 */
export function buildPostingLists(termIds: TermIds, forEachDoc: (visit: (doc: number, term: number) => void) => void): PostingLists {
  const termCount = termIds.size;
  // A term repeated within one document is posted once.
  const lastDoc = new Int32Array(termCount).fill(-1);
  const starts = new Int32Array(termCount + 1);
  forEachDoc((doc, term) => {
    if (lastDoc[term] === doc) return;
    lastDoc[term] = doc;
    starts[term + 1]!++;
  });
  for (let t = 0; t < termCount; t++) starts[t + 1]! += starts[t]!;
  const ids = new Int32Array(starts[termCount]!);
  const next = starts.slice(0, termCount);
  lastDoc.fill(-1);
  forEachDoc((doc, term) => {
    if (lastDoc[term] === doc) return;
    lastDoc[term] = doc;
    ids[next[term]!++] = doc;
  });
  return new PostingLists(termIds, { starts, ids });
}
