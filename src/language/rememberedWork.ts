// Work remembered per word (a stem, a spelling fix, a word's related story terms): a chat's words repeat, so
// each is worked out once. Bounded, because a flood of new words (a long hostile message) must not grow memory
// without end. Every such cache is registered, so that the bench can time a question as if first seen.

const live = new Set<WeakRef<RememberedWork<unknown>>>();

export class RememberedWork<T> {
  private readonly known = new Map<string, T>();

  constructor(private readonly limit: number) {
    // Caches of an index dropped at a reload are collected; their references are swept now and then.
    if (live.size >= 256) for (const ref of live) if (!ref.deref()) live.delete(ref);
    live.add(new WeakRef(this));
  }

  /** The value for `key`, computed by `compute` the first time it is asked for (or after the cache filled up). */
  get(key: string, compute: (key: string) => T): T {
    if (this.known.has(key)) return this.known.get(key)!;
    const value = compute(key);
    if (this.known.size >= this.limit) this.known.clear();
    this.known.set(key, value);
    return value;
  }

  clear(): void {
    this.known.clear();
  }
}

/** `compute`, remembered for the strings it has seen (at most `limit` of them). */
export function memoized<T>(compute: (key: string) => T, limit = 10_000): (key: string) => T {
  const work = new RememberedWork<T>(limit);
  return (key) => work.get(key, compute);
}

/** Forgets all remembered work of every live cache: the next question is read as if none had come before. */
export function forgetRememberedWork(): void {
  for (const ref of live) {
    const work = ref.deref();
    if (work) work.clear();
    else live.delete(ref);
  }
}
