// Words WordNet relates (lexicon/word-relations/): the same meaning, the kind of thing, the same word as another
// part of speech. Looked up by stem, so "gizmos" finds the relations of "gizmo". The file's text is kept as read
// and a line is split only when a question asks for it: loading costs one pass over the text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stem } from './stem.js';

const FILE = path.resolve(import.meta.dirname, '..', '..', 'lexicon', 'word-relations', 'relations.txt');

interface Table {
  readonly text: string;
  /** A stem → where the lines of its words start in `text`. */
  readonly linesByStem: ReadonlyMap<string, readonly number[]>;
}

let table: Table | null = null;

function load(): Table {
  const text = readFileSync(FILE, 'utf8');
  const linesByStem = new Map<string, number[]>();
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const lineEnd = end < 0 ? text.length : end;
    const space = text.indexOf(' ', start);
    if (space > start && space < lineEnd) {
      const key = stem(text.slice(start, space));
      const starts = linesByStem.get(key);
      if (starts) starts.push(start);
      else linesByStem.set(key, [start]);
    }
    start = lineEnd + 1;
  }
  return { text, linesByStem };
}

/** Loads the table now rather than on the first question. */
export function loadWordRelations(): void {
  table ??= load();
}

/** The words WordNet relates to a word (any of its forms), or none. */
export function relatedWords(word: string): string[] {
  table ??= load();
  const out: string[] = [];
  for (const start of table.linesByStem.get(stem(word)) ?? []) {
    const end = table.text.indexOf('\n', start);
    out.push(
      ...table.text
        .slice(start, end < 0 ? undefined : end)
        .split(' ')
        .slice(1),
    );
  }
  return out;
}
