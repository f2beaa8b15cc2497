// Splits article.txt into its parts (title, subtitle, caption, paragraphs) and finds quotes in it.
import { normaliseForQuote, normaliseForQuoteWithOffsets } from '../language/text.js';
import type { KnowledgeProblem } from './knowledgeError.js';
import type { Paragraph, Quote, Story, StoryPart } from './types.js';
import type { StoryFile } from './schema.js';

export interface ArticleParts {
  readonly title: string;
  readonly subtitle: string | null;
  /** The whole caption line as printed (it may hold the credit and a picture-agency id too). */
  readonly captionLine: string | null;
  readonly paragraphs: readonly Paragraph[];
}

interface ArticleLine {
  readonly text: string;
  readonly line: number;
}

/** Classifies every non-empty line of the article; metadata lines named in story.yaml are not paragraphs. */
export function splitArticle(
  articleText: string,
  meta: StoryFile,
  files: { article: string; story: string; storyLine?: (path: ReadonlyArray<string | number>) => number | null },
): { parts: ArticleParts; problems: KnowledgeProblem[] } {
  const lines: ArticleLine[] = articleText
    .split(/\r?\n/)
    .map((text, i) => ({ text: text.trim(), line: i + 1 }))
    .filter((l) => l.text.length > 0);
  const problems: KnowledgeProblem[] = [];
  const same = (a: string, b: string) => normaliseForQuote(a) === normaliseForQuote(b);
  const contains = (a: string, b: string) => normaliseForQuote(a).includes(normaliseForQuote(b));

  const titleLine = lines.find((l) => same(l.text, meta.title));
  const subtitleLine = meta.subtitle === undefined ? undefined : lines.find((l) => same(l.text, meta.subtitle!));
  const captionLine = meta.caption === undefined ? undefined : lines.find((l) => contains(l.text, meta.caption!));
  const missing = (field: string, value: string, at: ReadonlyArray<string | number>, hint: string) =>
    problems.push({
      file: files.story,
      line: files.storyLine?.(at) ?? null,
      entry: null,
      message: `the ${field} "${value}" is not a line of ${files.article}; copy it exactly from the article${hint}`,
    });
  const orRemove = (field: string) => `, or remove "${field}:" if the article has none`;
  if (!titleLine) missing('title', meta.title, ['title'], ' (its first line, as a rule)');
  if (meta.subtitle !== undefined && !subtitleLine) missing('subtitle', meta.subtitle, ['subtitle'], orRemove('subtitle'));
  if (meta.caption !== undefined && !captionLine) missing('caption', meta.caption, ['caption'], orRemove('caption'));
  if (meta.credit !== undefined && !lines.some((l) => contains(l.text, meta.credit!)))
    missing('credit', meta.credit, ['credit'], orRemove('credit'));
  meta.boilerplate.forEach((boilerplate, i) => {
    if (!lines.some((l) => contains(l.text, boilerplate)))
      missing('boilerplate line', boilerplate, ['boilerplate', i], ', or remove it from "boilerplate:"');
  });

  const metadataLines = new Set([titleLine, subtitleLine, captionLine].filter((l) => l !== undefined));
  const isBoilerplate = (l: ArticleLine) => meta.boilerplate.some((b) => same(l.text, b));
  const paragraphs = lines
    .filter((l) => !metadataLines.has(l) && !isBoilerplate(l))
    .map((l, i): Paragraph => ({ number: i + 1, text: l.text, line: l.line }));
  if (paragraphs.length === 0) {
    problems.push({ file: files.article, line: null, entry: null, message: 'the article has no paragraphs' });
  }
  return {
    parts: {
      title: titleLine?.text ?? meta.title,
      subtitle: subtitleLine?.text ?? meta.subtitle ?? null,
      captionLine: captionLine?.text ?? meta.caption ?? null,
      paragraphs,
    },
    problems,
  };
}

/** The text of one part of the story as printed (a paragraph, the title, the subtitle or the caption line), or null. */
export function partText(story: Story, part: StoryPart, paragraph: number | null): string | null {
  switch (part) {
    case 'paragraph':
      return story.paragraphs.find((p) => p.number === paragraph)?.text ?? null;
    case 'title':
      return story.title;
    case 'subtitle':
      return story.subtitle;
    case 'caption':
      return story.captionLine;
  }
}

interface SearchablePart {
  readonly part: StoryPart;
  readonly paragraph: number | null;
  readonly text: string;
  /** Where this part's normalised text starts in the joined text. */
  readonly offset: number;
  readonly origin: Int32Array;
  readonly originEnd: Int32Array;
}

interface SearchableStory {
  /** Every part's normalised text, joined by a character no quote contains, for one search per quote. */
  readonly joined: string;
  readonly parts: SearchablePart[];
}

const SEPARATOR = '\u0000';

// The story's parts normalised once, and every quote's place remembered, for as long as the story's text
// stays the same: a reload that changes only the Q&A searches nothing again.
interface StorySearch {
  readonly key: string;
  readonly story: SearchableStory;
  readonly quotes: Map<string, Quote | null>;
}

let searched: StorySearch | null = null;
const searchOfStory = new WeakMap<Story, StorySearch>();

function searchable(story: Story): StorySearch {
  const known = searchOfStory.get(story);
  if (known) return known;
  const found = searchableByText(story);
  searchOfStory.set(story, found);
  return found;
}

function searchableByText(story: Story): StorySearch {
  // A part the story lacks is searched as empty text: the same places, in the same order, for every story.
  const places: Array<{ part: StoryPart; paragraph: number | null; text: string }> = [
    ...story.paragraphs.map((p) => ({ part: 'paragraph' as const, paragraph: p.number, text: p.text })),
    { part: 'title', paragraph: null, text: story.title },
    { part: 'subtitle', paragraph: null, text: story.subtitle ?? '' },
    { part: 'caption', paragraph: null, text: story.captionLine ?? '' },
  ];
  const key = places.map((p) => p.text).join(SEPARATOR);
  if (searched?.key === key) return searched;
  const parts: SearchablePart[] = [];
  const texts: string[] = [];
  let offset = 0;
  for (const place of places) {
    const { normalised, origin, originEnd } = normaliseForQuoteWithOffsets(place.text);
    // Typed arrays: at 100x the story these are a few million offsets.
    parts.push({ ...place, offset, origin: Int32Array.from(origin), originEnd: Int32Array.from(originEnd) });
    texts.push(normalised);
    offset += normalised.length + SEPARATOR.length;
  }
  searched = { key, story: { joined: texts.join(SEPARATOR), parts }, quotes: new Map() };
  return searched;
}

/** The part holding joined-text offset `at` (parts are in offset order). */
function partAt(parts: readonly SearchablePart[], at: number): SearchablePart {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (parts[mid]!.offset <= at) lo = mid;
    else hi = mid - 1;
  }
  return parts[lo]!;
}

/** Where `quote` appears verbatim (modulo white space and quote marks), paragraphs first; never across parts. */
export function locateQuote(story: Story, quote: string): Quote | null {
  const { story: searchableStory, quotes } = searchable(story);
  if (quotes.has(quote)) return quotes.get(quote)!;
  const found = search(searchableStory, quote);
  if (quotes.size < 100_000) quotes.set(quote, found);
  return found;
}

function search(story: SearchableStory, quote: string): Quote | null {
  const wanted = normaliseForQuote(quote);
  if (wanted.length === 0 || wanted.includes(SEPARATOR)) return null;
  const at = story.joined.indexOf(wanted);
  return at < 0 ? null : quoteAt(story, at, wanted.length);
}

/** The quote of `length` normalised characters at joined-text offset `at`, in its part's own text. */
function quoteAt({ parts }: SearchableStory, at: number, length: number): Quote {
  const place = partAt(parts, at);
  const local = at - place.offset;
  const start = place.origin[local]!;
  const end = place.originEnd[local + length - 1]!;
  return { text: place.text.slice(start, end), part: place.part, paragraph: place.paragraph, start, end };
}

/** Every place `quote` appears, as `locateQuote` finds the first: "Middle East" in a paragraph and in the subtitle. */
export function locateQuotes(story: Story, quote: string): Quote[] {
  const text = searchable(story).story;
  const wanted = normaliseForQuote(quote);
  if (wanted.length === 0 || wanted.includes(SEPARATOR)) return [];
  const found: Quote[] = [];
  for (let at = text.joined.indexOf(wanted); at >= 0; at = text.joined.indexOf(wanted, at + 1)) found.push(quoteAt(text, at, wanted.length));
  return found;
}
