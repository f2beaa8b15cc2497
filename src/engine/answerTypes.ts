// What kind of thing a question asks for (a person, a number, a date, a place, a reason, what someone said)
// and which kinds a sentence holds. Classic factoid QA's answer typing, in plain English word lists: the
// decision model weighs whether the kind asked for is there.
import { namesIn } from './speakers.js';
import { stem } from '../language/stem.js';

export type AnswerType = 'person' | 'number' | 'money' | 'date' | 'place' | 'reason' | 'quote';
export const ANSWER_TYPES: readonly AnswerType[] = ['person', 'number', 'money', 'date', 'place', 'reason', 'quote'];

/** What the question's wording asks for. Words are the question's lowercase words, chat spellings written out. */
export function askedTypes(words: readonly string[]): Set<AnswerType> {
  const asked = new Set<AnswerType>();
  const text = ` ${words.join(' ')} `;
  if (
    / (who|whom|whose) /.test(text) ||
    / (which|what) (person|man|woman|guy|player|company|firm|group|team|club|organi[sz]ation) /.test(text)
  )
    asked.add('person');
  if (/ name (of|the) | named? /.test(text)) asked.add('person');
  if (
    / how (many|much) | what (number|percentage|proportion|share|amount|total|score|size) | how (big|large|long|far|high|tall|heavy|fast) /.test(
      text,
    )
  )
    asked.add('number');
  if (
    / how much .*(cost|costs|price|pay|paid|worth|spend|spent|charge|sell|sold|earn|lose|lost|make|made|save|saving)| (cost|price|fee|loss|profit|revenue|payout|payment|salary|dividend|charge|fine|savings?) /.test(
      text,
    ) &&
    (asked.has('number') || text.includes(' what '))
  )
    asked.add('money');
  if (
    / when | what (year|date|day|time|month|week|season) | which (year|date|day|month|week|season) | how long ago | since when /.test(text)
  )
    asked.add('date');
  if (/ where | (what|which) (city|country|place|town|venue|location|state|region|stadium|ground|street|area) /.test(text))
    asked.add('place');
  if (/ why | how come | what (caused|led to|made|prompted|triggered) | (reason|because|cause) /.test(text)) asked.add('reason');
  if (
    / (say|said|says|saying|tell|told|quote|quoted|comment|commented|react|reacted|respond|responded|think|thinks|thought|claim|claimed|add|added) /.test(
      text,
    )
  )
    asked.add('quote');
  return asked;
}

/** A yes/no question: it starts with an auxiliary ("did", "is", "will", ...). */
export function isYesNoQuestion(words: readonly string[]): boolean {
  return /^(is|are|was|were|did|does|do|has|have|had|will|would|can|could|should|shall|may|might|must|isn|wasn)$/.test(words[0] ?? '');
}

const NUMBER_WORDS =
  /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|couple|half|double|twice|tenfold|percent)\b/i;
const DIGITS = /\d/;
const MONEY = /[$£€¥]|\b\d[\d,.]*\s?(?:p|bn|m|k)\b|\b(dollars?|pounds?|euros?|pence|cents?|yen)\b/i;
const DATE_WORDS =
  /\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|tonight|week|weekend|month|year|years|summer|winter|spring|autumn|season|christmas|morning|afternoon|evening|night|daily|annual|annually|decade|century|recently|soon|later|earlier|ago|previous|next|last|gmt|bst|am|pm|half-time|quarter)\b|\b(1[89]|20)\d\d\b|\b\d{1,2}[:.]\d\d\b|\b\d{4}\s?(gmt|bst)\b/i;
const REASON_WORDS =
  /\b(because|due to|owing to|thanks to|as a result|after|following|amid|since|so that|in order to|blamed|blames|caused|causes|led to|leads to|reason|why|propelled|driven|prompted|triggered|means)\b/i;
const QUOTE_MARKS =
  /["“”]|(^|\s)['‘]|\b(said|says|told|added|asked|explained|insisted|admitted|conceded|warned|argued|claimed|according to|announced|announcement|announces|stated|statement|predicted|predicts|forecast|expects|believes|suggested|suggests|noted|revealed|reported|urged|confirmed|denied|described|stressed|agreed|called for|pointed out|maintained|cautioned|estimated|estimates)\b/i;
const PLACE_PREPOSITION = /\b(in|at|near|from|to|across|outside|inside|around|throughout)\s+(the\s+)?\p{Lu}/u;
/** Nouns for people: a sentence with one of these can answer "who". */
const PERSON_NOUNS =
  /\b(spokesman|spokeswoman|spokesperson|analyst|analysts|chief|executive|president|minister|chancellor|manager|director|editor|chairman|official|officials|researchers?|experts?|scientists?|photographer|creator|co-writer|writer|actor|actress|player|players|captain|skipper|fans|viewers|host|presenter|ambassador|secretary|general|leader|leaders|attorney|judge|head|founder|owner|staff|employees|workers|team|group|company|firm)\b/i;

/** Whether a stretch of text has a name: a capitalised word not at the start of the sentence, or an initialism. */
function hasName(text: string): boolean {
  const tokens = text.match(/[\p{L}][\p{L}'’.-]*/gu) ?? [];
  return tokens.some((t, i) => (i > 0 && /^\p{Lu}/u.test(t)) || /^\p{Lu}{2,}$/u.test(t));
}

/** The kinds of answer a sentence holds. */
export function heldTypes(text: string): Set<AnswerType> {
  const held = new Set<AnswerType>();
  const name = hasName(text);
  if (name || PERSON_NOUNS.test(text) || /\b(he|she|they)\b/i.test(text)) held.add('person');
  if (DIGITS.test(text) || NUMBER_WORDS.test(text)) held.add('number');
  if (MONEY.test(text)) held.add('money');
  if (DATE_WORDS.test(text)) held.add('date');
  if (PLACE_PREPOSITION.test(text)) held.add('place');
  if (REASON_WORDS.test(text)) held.add('reason');
  if (QUOTE_MARKS.test(text)) held.add('quote');
  return held;
}

// Spans of a sentence that can be a short answer: a number or amount, a date, a name (as speakers.ts reads names).
const NUMBER_SPAN =
  /(?:[$£€]\s?)?\d(?:[\d,.]*\d)?(?:\s?(?:%|(?:bn|m|p|pence|million|billion|percent|cents?)\b))?|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds|thousands|dozens|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b(?!-)/gi;
/** A year is when, not how many. */
const YEAR = /^(?:1[89]|20)\d\d$/;
// A clock time, or a range of them ("10am to 2pm"), is a when too: "when does it open on saturdays".
const DATE_SPAN =
  /\b\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm)(?:\s?(?:to|until|till|-|–)\s?\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm))?\b|\b(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{1,2})?(?:,?\s+\d{4})?\b|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(?:1[89]|20)\d\d\b|\b\d{3,4}\s?GMT\b/g;

/** The numbers (not years), dates and names a sentence holds, whatever is asked: read once, when the index is built. */
export interface SentenceSpans {
  readonly number: readonly string[];
  readonly date: readonly string[];
  readonly person: readonly string[];
}

export function sentenceSpans(text: string): SentenceSpans {
  const distinct = (spans: readonly string[]) => [...new Set(spans.map((s) => s.trim()))];
  return {
    // The hours of a time ("10am") are no count.
    number: distinct([...text.matchAll(NUMBER_SPAN)].filter((m) => !YEAR.test(m[0]) && !inClockTime(text, m.index)).map((m) => m[0])),
    date: distinct(text.match(DATE_SPAN) ?? []),
    person: distinct(namesIn(text).map(({ name }) => name)),
  };
}

function inClockTime(text: string, at: number): boolean {
  return /^[\d:.]*\s?(?:am|pm)\b/.test(text.slice(at));
}

/** The numbers, dates or names (as asked) the sentence holds that the question itself doesn't say. */
export function answerSpans(words: readonly string[], spans: SentenceSpans): string[] {
  const found = freshSpans(words)(spans);
  // "How much did it lose?" asks for an amount of money: a count in the same sentence ("the last three months") is
  // no answer when an amount is there. (Not in answerNearness: measured there, the models lost 2 held-out answers.)
  const amounts = found.filter((span) => MONEY.test(span));
  return askedTypes(words).has('money') && amounts.length > 0 ? amounts : found;
}

/** The spans of the kind asked for that the question doesn't say, read once for each sentence it is asked of. */
export function freshSpans(words: readonly string[]): (spans: SentenceSpans) => string[] {
  const asked = askedTypes(words);
  // The noun after "which" or "what" names the kind asked for ("which company"), not the answer.
  const kindNoun = new Set(words.filter((_, i) => i > 0 && /^(which|what)$/.test(words[i - 1]!)));
  const said = new Set(words.filter((w) => !kindNoun.has(w)).flatMap((w) => [w, stem(w)]));
  // A span the question mostly says is what it asks about, not its answer: "Robbie Keane" for "who captains
  // when keane doesn't", "Catherine Tate Show" for "who is catherine tate".
  const fresh = (span: string) => {
    const spanWords = span
      .toLowerCase()
      .split(/[\s'’]+/)
      .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
      .filter((w) => w !== '' && !/^\p{L}$/u.test(w));
    const saidWords = spanWords.filter((w) => said.has(w) || said.has(stem(w))).length;
    return saidWords * 2 < spanWords.length;
  };
  const kind: keyof SentenceSpans | null =
    asked.has('money') || asked.has('number') ? 'number' : asked.has('date') ? 'date' : asked.has('person') ? 'person' : null;
  return (spans) => (kind ? spans[kind].filter(fresh) : []);
}
