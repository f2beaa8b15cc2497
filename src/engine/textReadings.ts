// The words and terms of knowledge texts, remembered across reloads: analysis is a pure function of the
// text and the aliases, and a reload that edits a few entries reads only those again. At 100x the story
// that is ~100,000 texts, so each reading is kept as a span of ids into one pool, every distinct word
// and term stored once, instead of two small arrays of strings per text.
import { typedWords } from '../language/chatTyping.js';

export class TextReadings {
  private readonly readingOf = new Map<string, number>();
  /** Reading r: word ids at pool[spans[2r] .. spans[2r+1]], then its term ids up to spans[2r+2]. */
  private spans = new Int32Array(1 << 12);
  private pool = new Int32Array(1 << 16);
  private poolSize = 0;
  private count = 0;
  private readonly idOf = new Map<string, number>();
  private readonly strings: string[] = [];

  /** `aliasesKey` names the aliases the terms were found with: other aliases need other readings. */
  constructor(readonly aliasesKey: string) {
    this.spans[0] = 0;
  }

  /** How many texts are remembered. */
  get size(): number {
    return this.count;
  }

  /** How many distinct words and terms: ids are 0 .. stringCount-1. */
  get stringCount(): number {
    return this.strings.length;
  }

  string(id: number): string {
    return this.strings[id]!;
  }

  /** The reading of `text`, analysed by `termsOf` (its words → its terms) the first time it is seen. */
  read(text: string, termsOf: (words: readonly string[]) => readonly string[]): number {
    const known = this.readingOf.get(text);
    if (known !== undefined) return known;
    const words = typedWords(text);
    const terms = termsOf(words);
    this.reserve(words.length + terms.length);
    for (const word of words) this.pool[this.poolSize++] = this.intern(word);
    const wordsEnd = this.poolSize;
    for (const term of terms) this.pool[this.poolSize++] = this.intern(term);
    const r = this.count++;
    if (this.spans.length < 2 * r + 3) this.spans = grow(this.spans, 2 * r + 3);
    this.spans[2 * r + 1] = wordsEnd;
    this.spans[2 * r + 2] = this.poolSize;
    this.readingOf.set(text, r);
    return r;
  }

  /** Calls `visit` with each word id of reading `r`, in order. */
  forEachWord(r: number, visit: (id: number) => void): void {
    for (let i = this.spans[2 * r]!, end = this.spans[2 * r + 1]!; i < end; i++) visit(this.pool[i]!);
  }

  /** Calls `visit` with each term id of reading `r`, in order. */
  forEachTerm(r: number, visit: (id: number) => void): void {
    for (let i = this.spans[2 * r + 1]!, end = this.spans[2 * r + 2]!; i < end; i++) visit(this.pool[i]!);
  }

  /** The terms of reading `r`, as strings. */
  terms(r: number): string[] {
    const out: string[] = [];
    this.forEachTerm(r, (id) => out.push(this.strings[id]!));
    return out;
  }

  private intern(s: string): number {
    let id = this.idOf.get(s);
    if (id === undefined) {
      id = this.strings.push(s) - 1;
      this.idOf.set(s, id);
    }
    return id;
  }

  private reserve(extra: number): void {
    if (this.pool.length < this.poolSize + extra) this.pool = grow(this.pool, this.poolSize + extra);
  }
}

function grow(array: Int32Array<ArrayBuffer>, atLeast: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(atLeast, array.length * 2));
  next.set(array);
  return next;
}
