// Makes a knowledge folder's files from an article as plain text: the article verbatim, story.yaml with what
// the text tells (title, subtitle, photo caption and credit, date, byline, boilerplate, a summary from the
// lead), and empty curated Q&A and aliases with their format explained. Used by `npm run knowledge:init`.
import { stringify } from 'yaml';
import { splitSentences } from '../language/sentences.js';
import { normaliseForQuote } from '../language/text.js';
import type { StoryFile } from './schema.js';
import type { KnowledgeSources } from './validateKnowledge.js';

export interface InitOptions {
  readonly title?: string | undefined;
  /** YYYY-MM-DD. */
  readonly date?: string | undefined;
  readonly source?: string | undefined;
  readonly url?: string | undefined;
}

export interface InitResult {
  /** File name in the knowledge folder → its text. */
  readonly files: Readonly<Record<string, string>>;
  /** What was decided, one line each. */
  readonly notes: readonly string[];
  /** What the moderator should check or add, one line each. */
  readonly check: readonly string[];
}

// ---------------------------------------------------------------- reading the lines

/** A line of at most this many characters, in a file whose lines are all that short, may be a hard wrap. */
const WRAP_WIDTH = 100;

/**
 * The article's lines, one paragraph a line: blank-line separated blocks of a hard-wrapped text are joined,
 * any other text keeps its lines (a caption and a boilerplate line may sit on adjacent lines). Short lines alone
 * are no sign of wrapping (an article of one-sentence paragraphs, one a line, has them): a wrapped text breaks
 * a sentence somewhere, a line going on in lower case on the next.
 */
function articleLines(text: string): string[] {
  const raw = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = raw.split('\n');
  const wrapped = lines.every((l) => l.length <= WRAP_WIDTH) && /[^\s.!?:"'’”)]\n[ \t]*\p{Ll}/u.test(raw);
  if (!wrapped) return lines.map((l) => l.trimEnd());
  return raw
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' '),
    )
    .flatMap((paragraph) => [paragraph, '']);
}

// ---------------------------------------------------------------- recognising the parts

/** A picture agency's file id at the start of a caption: "epa08215100", "afp_1234567". */
const AGENCY_ID = /^[a-z]{2,6}[_-]?\d{6,}\s+/i;
/** A photo credit at the end of a caption: "EPA/STEPHANIE LECOCQ", "Reuters", "Getty Images", "(AFP)". */
const CREDIT =
  /\s*[([]?((?:EPA|AFP|AP|REUTERS|Reuters|PA|PA Media|PA Wire|Getty Images|GETTY IMAGES|Getty|Shutterstock|Alamy|ANP|DPA|dpa|Xinhua|XINHUA|ANSA|SIPA|BBC)(?:\s*\/\s*[\p{L} .'’-]+)?|\p{Lu}{2,}\/\p{Lu}[\p{Lu} .'’-]+)[)\]]?\s*$/u;
/** Lines that name the photo outright. */
const CAPTION_LABEL = /^(?:image caption|caption|photo|picture|image)\s*[:,]\s*/i;
const CREDIT_LABEL = /^(?:image (?:copyright|source)|copyright|credit|photo credit|picture credit)\s*[:,]?\s*/i;

/** Page furniture that is not part of the story. */
const BOILERPLATE = [
  /^powered by (?:automated )?translation$/i,
  /^(?:share|share this|share this article|share on \w+|copy link|print|save|comments?)$/i,
  /^(?:advertisement|sponsored|related (?:topics|stories|articles|content)|more on this story|read more|top stories|features|most read)$/i,
  /^(?:media caption|media playback is unsupported.*|this video can not be played.*|watch|listen)\b.*$/i,
  /^(?:follow|sign up|subscribe)\b.{0,80}$/i,
  /^(?:all rights reserved|©|\(c\)\s).*$/i,
  /^(?:published|updated|last updated|posted)\b.{0,60}$/i,
];

/** "By Jane Doe", "By Jane Doe and John Roe, BBC News": a byline. */
const BYLINE = /^(?:By|BY|by)\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|&|van|de|der|von|al|bin))*)(?:\s*[,|–-]\s*.{0,60})?$/u;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = `(${MONTHS.map((m) => `${m.slice(0, 3)}(?:${m.slice(3)})?`).join('|')})\\.?`;
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\s+(\\d{4})\\b`, 'i');
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;
/** A line that is only a date (and maybe a weekday and a time): a dateline. */
const DATE_LINE = new RegExp(
  `^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\\s+)?(?:${DAY_MONTH_YEAR.source}|${MONTH_DAY_YEAR.source}|${ISO_DATE.source})(?:,?\\s+\\d{1,2}[:.]\\d{2}(?:\\s*(?:am|pm|gmt|bst|utc|cet|est|et))?)?$`,
  'i',
);

const pad = (n: number) => String(n).padStart(2, '0');
const monthNumber = (name: string) => MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().slice(0, 3))) + 1;

/** The first date written out in the text, as YYYY-MM-DD, or null. */
export function findDate(text: string): string | null {
  const valid = (y: number, m: number, d: number) => {
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null;
  };
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) return valid(Number(dmy[3]), monthNumber(dmy[2]!), Number(dmy[1]));
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) return valid(Number(mdy[3]), monthNumber(mdy[1]!), Number(mdy[2]));
  const iso = ISO_DATE.exec(text);
  return iso ? valid(Number(iso[1]), Number(iso[2]), Number(iso[3])) : null;
}

interface Caption {
  /** The caption's own words, without an agency id or the credit. */
  readonly caption: string;
  readonly credit: string | null;
}

/** The photo caption a line holds, or null: an agency id, a trailing agency credit or a caption label says so. */
function readCaption(line: string): Caption | null {
  let text = line.trim();
  const hasId = AGENCY_ID.test(text);
  text = text.replace(AGENCY_ID, '');
  const labelled = CAPTION_LABEL.test(text);
  text = text.replace(CAPTION_LABEL, '');
  const credit = CREDIT.exec(text);
  // A credit alone ("Reuters") or a sentence merely ending in an agency's name is not a caption.
  if (!hasId && !labelled && !(credit && /\/|\s{2,}|[.)]\s*$/.test(text.slice(0, credit.index + 1)))) return null;
  const caption = (credit ? text.slice(0, credit.index) : text).trim();
  if (caption.length === 0) return null;
  return { caption, credit: credit?.[1]?.trim() ?? null };
}

const isSentence = (line: string) => /[.!?]["'’”)]*$/.test(line.trim());

// ---------------------------------------------------------------- writing the files

const STORY_HEADER = `# What the bot knows about the story in article.txt (kept verbatim, exactly as published).
# Every non-empty line of article.txt is a paragraph, except the lines named here as the title, subtitle,
# photo caption (with its credit) or boilerplate. Paragraph numbers count the remaining lines from 1; they
# are shown to users. Only "title" is required; leave out what the article doesn't have.
#   title        the headline, a line of article.txt      subtitle   the standfirst under it
#   caption      the photo caption's words                credit     the photo credit ("EPA/NAME")
#   date         YYYY-MM-DD                               byline     who wrote it
#   source       who published it                         url        where it was published
#   summary      one or two sentences for /story          boilerplate  lines that are page furniture
# Written by npm run knowledge:init; check it, then npm run knowledge:check.
`;

export const QA_TEMPLATE = `# Curated Q&A: optional. The bot answers from the article alone; entries here answer the questions people
# ask most, in the moderators' words, and teach it the ways people ask them.
#
# Each entry:
#   - id: who-announced-it            # unique, lowercase words joined by dashes
#     question: Who announced it?     # shown to users (at most 100 characters)
#     alternates:                     # other ways people ask the same thing
#       - who made the announcement
#       - who said it lol
#     answer: The mayor announced it on Monday.   # short, only what the story says
#     quote: 'The mayor announced on Monday'      # copied exactly from ONE line of article.txt
#     related: [when-was-it]          # optional: ids worth suggesting next
#
# kind: not-in-story marks a question people ask that the story does not answer (no quote; "answer" says
# what the story does say instead). kind: chat adds or overrides small talk (no quote).
# A quote that starts with a quote mark needs single quotes around it: quote: '"We will stay," he said'
# Split a large Q&A into files under qa/ if you like. Check with npm run knowledge:check.

entries: []
`;

export const ALIASES_TEMPLATE = `# Story-specific aliases: other words people use for the story's names and terms. Each key is the word the
# article uses; its list holds words or phrases that mean the same IN THIS STORY, for example:
#   aliases:
#     ambassador: [envoy, the us envoy]
#     smith: [smyth, the club boss]
# Keys are single lowercase words; a variant belongs to one key only. Optional.

aliases: {}
`;

/** story.yaml's text: the header, then the fields in a fixed order, absent ones left out. */
function storyYaml(story: StoryFile): string {
  const order: Array<keyof StoryFile> = ['title', 'subtitle', 'caption', 'credit', 'date', 'byline', 'source', 'url', 'summary', 'boilerplate'];
  const fields = Object.fromEntries(
    order.flatMap((key) => {
      const value = story[key];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
      return [[key, value]];
    }),
  );
  return STORY_HEADER + stringify(fields, { lineWidth: 100, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}

const SUMMARY_LENGTH = 300;

/** The lead's first sentences, up to about SUMMARY_LENGTH characters. */
function summaryOf(lead: string): string {
  let summary = '';
  for (const sentence of splitSentences(lead)) {
    if (summary && summary.length + sentence.text.length > SUMMARY_LENGTH) break;
    summary = summary ? `${summary} ${sentence.text}` : sentence.text;
  }
  return summary || lead;
}

export function initKnowledge(articleText: string, options: InitOptions = {}): InitResult {
  const notes: string[] = [];
  const check: string[] = [];
  let lines = articleLines(articleText);
  const nonEmpty = () => lines.filter((l) => l.trim().length > 0);
  if (nonEmpty().length === 0) throw new Error('the article is empty');

  const firstLine = nonEmpty()[0]!.trim();
  let title = firstLine;
  if (options.title && normaliseForQuote(options.title) !== normaliseForQuote(firstLine)) {
    // The text has no headline line: the given title becomes article.txt's first line, as story.yaml needs.
    title = options.title.trim();
    lines = [title, '', ...lines];
    notes.push(`Title: "${title}" (from --title; added as the first line of article.txt)`);
  } else {
    notes.push(`Title: "${title}" (the first line)`);
    if (isSentence(title) && title.length > 120) check.push('The title is the headline: the first line looks like a sentence of the story');
  }

  const story: { -readonly [K in keyof StoryFile]: StoryFile[K] } = { title, boilerplate: [] };
  const body: string[] = [];
  const rest = nonEmpty()
    .slice(1)
    .map((l) => l.trim());
  for (const [i, line] of rest.entries()) {
    const beforeBody = body.length === 0;
    if (BOILERPLATE.some((pattern) => pattern.test(line))) {
      story.boilerplate.push(line);
      continue;
    }
    const byline = BYLINE.exec(line);
    // Never a sentence: "By Friday, the bridge will close." is the lead.
    if (byline && beforeBody && !isSentence(line) && line.split(/\s+/).length <= 12 && !story.byline) {
      story.byline = byline[1]!;
      story.boilerplate.push(line);
      continue;
    }
    if (DATE_LINE.test(line)) {
      story.date ??= findDate(line) ?? undefined;
      story.boilerplate.push(line);
      continue;
    }
    const credit = CREDIT_LABEL.test(line) ? line.replace(CREDIT_LABEL, '').trim() : null;
    if (credit && credit.length <= 80) {
      story.credit ??= credit;
      story.boilerplate.push(line);
      continue;
    }
    const caption = !story.caption ? readCaption(line) : null;
    if (caption) {
      story.caption = caption.caption;
      if (caption.credit) story.credit = caption.credit;
      continue;
    }
    // A short line without a full stop right under the headline, with the story still to come: the subtitle.
    if (i === 0 && !isSentence(line) && line.length <= 160 && rest.length > 2) {
      story.subtitle = line;
      continue;
    }
    body.push(line);
  }
  if (body.length === 0) throw new Error('the article has a title but no paragraphs');

  const opening = (text: string) => `"${text.slice(0, 60)}${text.length > 60 ? '…' : ''}"`;
  const secondLine = rest[0] ?? '';
  if (story.subtitle) {
    notes.push(`Subtitle: "${story.subtitle}" (the short line under the title, without a full stop)`);
    check.push('The subtitle is a standfirst, not the first paragraph; if not, delete "subtitle:" from story.yaml');
  } else if (body[0] === secondLine && !isSentence(secondLine))
    check.push(`Paragraph 1 ${opening(secondLine)} has no full stop: if it is a standfirst, add it to story.yaml as "subtitle:"`);
  else notes.push('No subtitle: the line under the title is a sentence, so it is paragraph 1');
  if (story.caption) {
    notes.push(`Photo caption: "${story.caption}"${story.credit ? `, credit "${story.credit}"` : ''} (not a paragraph; quotes may come from it)`);
    check.push('The photo caption and credit are right (they show in /story)');
  } else if (story.credit) notes.push(`Photo credit: "${story.credit}"`);
  else notes.push('No photo caption: no line carries a picture-agency id, a credit or a caption label');
  if (story.byline) notes.push(`Byline: "${story.byline}"`);

  if (options.date) {
    story.date = options.date;
    notes.push(`Date: ${options.date} (from --date)`);
  } else {
    const fromCaption = story.caption ? findDate(story.caption) : null;
    story.date ??= fromCaption ?? undefined;
    if (story.date) {
      notes.push(`Date: ${story.date} (${fromCaption === story.date ? 'from the photo caption' : 'from a dateline'})`);
      check.push(`The date ${story.date} is the story's date, not only the photo's`);
    } else check.push('No date found: add "date: YYYY-MM-DD" to story.yaml (or run again with --date), or leave it out');
  }
  if (options.source) story.source = options.source.trim();
  if (options.url) story.url = options.url.trim();
  if (!story.source) check.push('No source: add "source:" (and "url:") to story.yaml, or use --source/--url, so /story says where it is from');
  story.summary = summaryOf(body[0]!);
  notes.push(`Summary: the lead's first sentence${story.summary === body[0] ? '' : 's'} (shown by /story and "what story is this")`);
  check.push('The summary says what the story is about; edit "summary:" in story.yaml if not');
  if (story.boilerplate.length > 0) {
    notes.push(`Not paragraphs (boilerplate): ${story.boilerplate.map((b) => `"${b}"`).join(', ')}`);
    check.push('The boilerplate lines are page furniture, not part of the story');
  }
  notes.push(`${body.length} paragraphs, numbered 1-${body.length}: paragraph 1 begins ${opening(body[0]!)}, the last ${opening(body.at(-1)!)}`);
  check.push(
    'Every line of article.txt that is page furniture (share buttons, related links, adverts) is in "boilerplate:"; ' +
      'a line left in is a paragraph the bot quotes',
  );

  const article = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
  return {
    files: { 'article.txt': article, 'story.yaml': storyYaml(story), 'qa.yaml': QA_TEMPLATE, 'aliases.yaml': ALIASES_TEMPLATE },
    notes,
    check,
  };
}

/** The knowledge folder `knowledge:init` would write for an article, in memory: the sources to validate. */
export function articleSources(articleText: string, dir = '.'): KnowledgeSources {
  const { files } = initKnowledge(articleText);
  return {
    dir,
    article: files['article.txt']!,
    story: files['story.yaml']!,
    qa: files['qa.yaml']!,
    qaParts: [],
    aliases: files['aliases.yaml']!,
  };
}
