// A lexicon as one text of sorted lines ("key<TAB>value"), found by bisection: loading is reading a file and its
// line offsets (both derived once, see derivedLexicon.ts), with no Map of tens of thousands of strings to build.
// A table of the keys' hashes answers most lookups of a missing key (a typo's variants) without the bisection.

export class SortedLines {
  constructor(
    /** Lines sorted by key in code-unit order, each "key" or "key<TAB>value", joined by newlines. */
    private readonly text: string,
    /** Where each line starts. */
    private readonly starts: Uint32Array,
    /** The keys' hashes (see keyHashTable), or null to bisect every lookup. */
    private readonly hashes: Uint32Array | null = null,
  ) {}

  get size(): number {
    return this.starts.length;
  }

  /** The line whose key is `key`, or -1. */
  find(key: string): number {
    if (this.hashes && !mayHold(this.hashes, key)) return -1;
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const order = this.compareKey(mid, key);
      if (order === 0) return mid;
      if (order < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  /** The value of line `i` (what follows the key's tab), or '' when it has none. */
  value(i: number): string {
    const start = this.starts[i]!;
    const end = this.lineEnd(start);
    const tab = this.text.indexOf('\t', start);
    return tab < 0 || tab > end ? '' : this.text.slice(tab + 1, end);
  }

  /** The key of line `i`. */
  key(i: number): string {
    const start = this.starts[i]!;
    const end = this.lineEnd(start);
    const tab = this.text.indexOf('\t', start);
    return this.text.slice(start, tab < 0 || tab > end ? end : tab);
  }

  private lineEnd(start: number): number {
    const end = this.text.indexOf('\n', start);
    return end < 0 ? this.text.length : end;
  }

  /** Every key, in order (to build a hash table). */
  *keys(): Generator<string> {
    for (let i = 0; i < this.starts.length; i++) yield this.key(i);
  }

  /** Orders line i's key against `key` as `<` orders strings. */
  private compareKey(i: number, key: string): number {
    const start = this.starts[i]!;
    for (let k = 0; ; k++) {
      const at = start + k;
      let x = at < this.text.length ? this.text.charCodeAt(at) : -1;
      if (x === 9 || x === 10) x = -1;
      const y = k < key.length ? key.charCodeAt(k) : -1;
      if (x !== y) return x - y;
      if (x === -1) return 0;
    }
  }
}

/** The offsets of each line of a text. */
export function lineStarts(text: string): Uint32Array {
  const starts: number[] = [];
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at);
    const lineEnd = end < 0 ? text.length : end;
    if (lineEnd > at) starts.push(at);
    at = lineEnd + 1;
  }
  return Uint32Array.from(starts);
}

/** Sorted "key<TAB>value" lines from pairs (keys unique), in code-unit order. */
export function sortedLinesText(pairs: Iterable<readonly [string, string]>): string {
  return [...pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => (value ? `${key}\t${value}` : key))
    .join('\n');
}

/** FNV-1a of a string, never 0 (0 marks an empty slot). */
function keyHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/** An open-addressing table of the keys' hashes, at most half full: a key whose hash is absent is not a key. */
export function keyHashTable(keys: Iterable<string>, count: number): Uint32Array {
  let size = 1024;
  while (size < count * 2) size *= 2;
  const table = new Uint32Array(size);
  for (const key of keys) {
    const h = keyHash(key);
    let slot = h & (size - 1);
    while (table[slot] !== 0 && table[slot] !== h) slot = (slot + 1) & (size - 1);
    table[slot] = h;
  }
  return table;
}

function mayHold(table: Uint32Array, key: string): boolean {
  const h = keyHash(key);
  const mask = table.length - 1;
  for (let slot = h & mask; table[slot] !== 0; slot = (slot + 1) & mask) if (table[slot] === h) return true;
  return false;
}
