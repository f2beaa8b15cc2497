// Text normalisation shared by the knowledge checks and the engine: one definition of "the same text".

const QUOTE_MARKS: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u0060': "'",
  '\u00B4': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
};
const QUOTE_MARK_PATTERN = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
// Zero-width characters and the BOM carry no meaning but break word matching.
/** Characters that print as nothing: zero-width spaces and joiners, the word joiner, the BOM, the soft hyphen. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** One such character on its own. */
const IS_INVISIBLE = new RegExp(`^${INVISIBLE.source}$`);

/** Straight quote marks for curly ones, one char for one char (so offsets are kept). */
export function straightenQuotes(text: string): string {
  return text.replace(QUOTE_MARK_PATTERN, (ch) => QUOTE_MARKS[ch] ?? ch);
}

/**
 * The form in which a quote must appear in the story: NFKC, straight quote marks,
 * invisible characters removed, every run of white space (including non-breaking) one space.
 */
export function normaliseForQuote(text: string): string {
  return straightenQuotes(text.normalize('NFKC')).replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Text normalised for quote matching exactly as normaliseForQuote does (NFKC, straight quotes, invisible
 * characters out, white space folded), with a map from each normalised offset back to the original.
 * Each grapheme is normalised on its own, so a decomposed accent or a ligature maps back to where it was.
 */
export function normaliseForQuoteWithOffsets(text: string): { normalised: string; origin: number[]; originEnd: number[] } {
  let normalised = '';
  const origin: number[] = [];
  const originEnd: number[] = [];
  let inSpace = false;
  if (isAscii(text)) return normaliseAsciiWithOffsets(text);
  for (const { segment, index } of graphemes.segment(text)) {
    const form = straightenQuotes(segment.normalize('NFKC'));
    for (const ch of form) {
      if (IS_INVISIBLE.test(ch)) continue;
      if (/\s/u.test(ch)) {
        if (!inSpace && normalised.length > 0) {
          normalised += ' ';
          origin.push(index);
          originEnd.push(index + segment.length);
        }
        inSpace = true;
        continue;
      }
      inSpace = false;
      normalised += ch;
      // One offset per UTF-16 unit, as the normalised string counts them.
      for (let units = ch.length; units > 0; units--) {
        origin.push(index);
        originEnd.push(index + segment.length);
      }
    }
  }
  // normaliseForQuote trims, so a trailing space is not part of the searchable text either.
  if (normalised.endsWith(' ')) {
    normalised = normalised.slice(0, -1);
    origin.pop();
    originEnd.pop();
  }
  return { normalised, origin, originEnd };
}

/** The same for plain ASCII, where only white space changes: one pass, no segmentation. */
function normaliseAsciiWithOffsets(text: string): { normalised: string; origin: number[]; originEnd: number[] } {
  const origin: number[] = [];
  const originEnd: number[] = [];
  const chars: string[] = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 32 || (code >= 9 && code <= 13);
    if (space) {
      if (!inSpace && chars.length > 0) {
        chars.push(' ');
        origin.push(i);
        originEnd.push(i + 1);
      }
      inSpace = true;
      continue;
    }
    inSpace = false;
    chars.push(text[i]!);
    origin.push(i);
    originEnd.push(i + 1);
  }
  // normaliseForQuote trims, so a trailing space is not part of the searchable text either.
  if (chars[chars.length - 1] === ' ') {
    chars.pop();
    origin.pop();
    originEnd.pop();
  }
  return { normalised: chars.join(''), origin, originEnd };
}

const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'can not'],
  [/\bshan't\b/g, 'shall not'],
  [/\bain't\b/g, 'is not'],
  // Not "y" (why) and "all".
  [/\by'all\b/g, 'yall'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'ll\b/g, ' will'],
  [/'ve\b/g, ' have'],
  [/'m\b/g, ' am'],
  [/'d\b/g, ' would'],
  // "what's", "who's", "it's": the 's is "is"; on other words it is a possessive and is dropped.
  [/\b(what|who|where|when|why|how|it|that|there|here|he|she|which)'s\b/g, '$1 is'],
  [/'s\b/g, ''],
  [/s'(?=\s|$)/g, 's'],
];

// Chat markup that is not words: user/role/channel mentions, custom emoji, @everyone/@here, links.
const CHAT_MARKUP = /<a?:\w+:\d+>|<[@#][!&]?\d+>|@(?:everyone|here)\b|https?:\/\/\S+/g;

/** Whether every character of the text is ASCII (the fast path of normalising). */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Lowercase words of a text: NFKC, case folded, quote marks straightened, contractions expanded, punctuation dropped. */
export function words(text: string): string[] {
  let t: string;
  if (isAscii(text)) {
    // Most text is plain ASCII: it needs none of the Unicode normalisation below.
    t = text.toLowerCase().replace(CHAT_MARKUP, ' ');
  } else {
    t = straightenQuotes(text.normalize('NFKC').toLowerCase()).replace(INVISIBLE, '').replace(CHAT_MARKUP, ' ');
    // Accents on Latin letters are dropped ("café" meets "cafe"); other scripts keep their marks.
    t = t
      .normalize('NFD')
      .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
      .normalize('NFC');
  }
  if (t.includes("'")) for (const [pattern, replacement] of CONTRACTIONS) t = t.replace(pattern, replacement);
  // "w/o" is "without" ("w/" is "with": see chat spellings).
  if (t.includes('w/o')) t = t.replace(/\bw\/o\b/g, 'without');
  // "E&Y", "AT&T": one name, not lone letters.
  if (t.includes('&')) t = t.replace(/(?<=\p{L})&(?=\p{L})/gu, '');
  // "U.S.", "U.N.", "p.m.": one word each, not lone letters ("u" would be read as "you").
  if (t.includes('.')) t = t.replace(DOTTED_INITIALS, (initials) => initials.replaceAll('.', ''));
  // "2,500" and "53.09" are one number each, not "2" and "500" (which "what's 2+2" or "2 weeks" would match).
  const numbers = NUMBER_PUNCTUATION.test(t);
  if (numbers) t = t.replace(THOUSANDS_SEPARATOR, '').replace(DECIMAL_POINT, DECIMAL_MARK);
  // Letters and digits make words; everything else (punctuation, symbols, emoji, markup) separates them.
  const split = t.split(numbers ? /[^\p{L}\p{N}\u2024]+/u : /[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  return numbers ? split.map((w) => w.replaceAll(DECIMAL_MARK, '.')) : split;
}

const DOTTED_INITIALS = /(?<![\p{L}\p{N}.])\p{L}(?:\.\p{L})+\.?(?![\p{L}\p{N}])/gu;
const NUMBER_PUNCTUATION = /\d[.,]\d/;
const THOUSANDS_SEPARATOR = /(?<=\d),(?=\d{3}(?!\d))/g;
const DECIMAL_POINT = /(?<=\d)\.(?=\d)/g;
/** Stands for a decimal point while the text is split at punctuation (a one-dot leader: no one types it). */
const DECIMAL_MARK = '\u2024';

/** Words joined by single spaces: the key under which two phrasings count as "the same question". */
export function questionKey(text: string): string {
  // Not cached here: the knowledge check keeps the keys of each parsed entry, as long as the parse is kept.
  return words(text).join(' ');
}
