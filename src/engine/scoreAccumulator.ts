// Sums weights per document id without allocating per question: a typed array plus the list of ids touched,
// cleared after use. At 100x the story a common word touches tens of thousands of phrasings.

export class ScoreAccumulator {
  private readonly values: Float64Array;
  private readonly touched: Int32Array;
  private count = 0;

  constructor(size: number) {
    this.values = new Float64Array(size);
    this.touched = new Int32Array(size);
  }

  add(id: number, weight: number): void {
    if (this.values[id] === 0) this.touched[this.count++] = id;
    this.values[id]! += weight;
  }

  get(id: number): number {
    return this.values[id]!;
  }

  /** How many ids have a sum; `idAt(0 .. size-1)` lists them. */
  get size(): number {
    return this.count;
  }

  idAt(i: number): number {
    return this.touched[i]!;
  }

  clear(): void {
    for (let i = 0; i < this.count; i++) this.values[this.touched[i]!] = 0;
    this.count = 0;
  }
}

/**
 * Sums of one size, lent to one ranking at a time and taken back: a ranking has its own sums even if another
 * runs meanwhile, and a typed array sized to 100,000 phrasings is not allocated for every question.
 */
export class AccumulatorPool {
  private readonly free: ScoreAccumulator[] = [];

  constructor(private readonly size: number) {}

  /** Runs `use` with a cleared accumulator, cleared again and taken back afterwards. */
  with<T>(use: (sums: ScoreAccumulator) => T): T {
    const sums = this.free.pop() ?? new ScoreAccumulator(this.size);
    try {
      return use(sums);
    } finally {
      sums.clear();
      this.free.push(sums);
    }
  }
}

/** Keeps the `limit` best items offered, best first, without sorting everything. */
export class TopScores<T extends { readonly score: number }> {
  readonly items: T[] = [];

  constructor(private readonly limit: number) {}

  /** Whether a score would make the list (check before building the item). */
  admits(score: number): boolean {
    return this.items.length < this.limit || score > this.items[this.items.length - 1]!.score;
  }

  offer(item: T): void {
    if (!this.admits(item.score)) return;
    let at = this.items.length;
    while (at > 0 && this.items[at - 1]!.score < item.score) at--;
    this.items.splice(at, 0, item);
    if (this.items.length > this.limit) this.items.pop();
  }
}
