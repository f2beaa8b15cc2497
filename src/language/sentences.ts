// Splits a paragraph into sentences, keeping each sentence's offsets in the paragraph.

export interface SentenceSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

// Titles and initialisms whose full stop does not end a sentence.
const ABBREVIATION = /(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Jr|Sr|No|vs|etc|e\.g|i\.e)|\b[A-Z])\.$/;

export function splitSentences(paragraph: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  // A sentence ends at . ! or ? (plus any closing quote marks) followed by space and a capital or an opening quote.
  const boundary = /[.!?]["'\u201D\u2019)]*(?=\s+["'\u201C\u2018(]?[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (const match of paragraph.matchAll(boundary)) {
    const end = match.index + match[0].length;
    if (ABBREVIATION.test(paragraph.slice(start, match.index + 1))) continue;
    pushSpan(spans, paragraph, start, end);
    start = end;
  }
  pushSpan(spans, paragraph, start, paragraph.length);
  return spans;
}

function pushSpan(spans: SentenceSpan[], paragraph: string, from: number, to: number): void {
  const raw = paragraph.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (text.length > 0) spans.push({ text, start: from + lead, end: from + lead + text.length });
}
