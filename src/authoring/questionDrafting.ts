// Drafts the questions people are likely to ask about one sentence of an article, each with a short answer and
// the words of the sentence that prove it: who someone is, what they said, when, where, how many, how much, why.
// Plain patterns over the sentence's words, names, numbers and dates; a moderator reviews every draft.
import { isEnglishWord } from '../language/englishWords.js';
import { draftingWords } from './draftingWords.js';

export type DraftKind = 'who-is' | 'said' | 'when' | 'where' | 'how-many' | 'how-much' | 'why' | 'what' | 'who-did';

export interface DraftedQuestion {
  readonly kind: DraftKind;
  readonly question: string;
  readonly alternates: readonly string[];
  readonly answer: string;
  /** Offsets, in the sentence, of the words that prove the answer. */
  readonly start: number;
  readonly end: number;
}

/** What the sentences before this one said: "he said" is the last named speaker's. */
export interface DraftingContext {
  lastSpeaker: string | null;
  readonly askedAbout: Set<string>;
}

interface Token {
  /** The word without the punctuation and quote marks around it. */
  readonly word: string;
  readonly lower: string;
  /** Offsets of `word` in the sentence. */
  readonly start: number;
  readonly end: number;
  readonly before: string;
  readonly after: string;
}

const TOKEN = /\S+/g;
const EDGE = /^([^\p{L}\p{N}£$€&]*)(.*?)([^\p{L}\p{N}%]*)$/u;

function tokenize(sentence: string): Token[] {
  return [...sentence.matchAll(TOKEN)].flatMap((m) => {
    const [, before = '', word = '', after = ''] = EDGE.exec(m[0]) ?? [];
    if (word.length === 0) return [];
    const start = m.index + before.length;
    return [{ word, lower: word.toLowerCase(), start, end: start + word.length, before, after }];
  });
}

const isCapitalised = (t: Token) => /^\p{Lu}/u.test(t.word);
const endsPhrase = (t: Token) => /[,;:.!?]/.test(t.after);
const hasQuoteMark = (t: Token) => /["“”]/.test(t.before + t.after);
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const text = (sentence: string, tokens: readonly Token[], from: number, to: number) =>
  from > to ? '' : sentence.slice(tokens[from]!.start, tokens[to]!.end);

const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their', 'this', 'that', 'these', 'those', 'our', 'my', 'your']);
const QUANTIFIERS = new Set([
  'about',
  'around',
  'some',
  'nearly',
  'almost',
  'more',
  'over',
  'roughly',
  'only',
  'just',
  'all',
  'most',
  'many',
]);
const AUXILIARIES = new Set([
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'will',
  'would',
  'can',
  'could',
  'may',
  'might',
  'should',
  'must',
  'shall',
  'does',
  'do',
  'did',
]);
const VERB_GROUP_WORDS = new Set([
  'also',
  'now',
  'already',
  'still',
  'just',
  'soon',
  'then',
  'be',
  'been',
  'being',
  'have',
  'had',
  'likely',
  'eagerly',
  'finally',
]);
const NEGATIONS = new Set(['not', 'never', "n't", 'no']);
const NAME_JOINERS = new Set(['of', '&', 'de', 'van', 'von', 'der', 'al', 'and']);
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you', 'this', 'there']);
/** Words that stop a role read backwards from a name: "said", "by", "the" are not part of "club manager". */
const ROLE_STOPS = new Set([
  'the',
  'a',
  'an',
  'by',
  'to',
  'for',
  'with',
  'and',
  'but',
  'from',
  'at',
  'in',
  'on',
  'as',
  'that',
  'which',
  'who',
  'according',
  'of',
  'while',
]);
/** Words a clause's subject may not start with. */
const NOT_SUBJECT_START = new Set([
  ...PRONOUNS,
  ...NEGATIONS,
  'if',
  'when',
  'where',
  'what',
  'why',
  'how',
  'which',
  'who',
  'whether',
  'such',
  'both',
  'each',
  'any',
]);

// ---------------------------------------------------------------- verbs

/** The base form of a past-tense word ("reopened" → "reopen", "closed" → "close"), or null when it is not one. */
export function baseOfPast(word: string): string | null {
  const lower = word.toLowerCase();
  const irregular = draftingWords().irregularPast.get(lower);
  if (irregular) return irregular;
  if (!lower.endsWith('ed') || lower.length < 5) return null;
  const stem = lower.slice(0, -2);
  const candidates = [lower.slice(0, -1), lower.endsWith('ied') ? `${lower.slice(0, -3)}y` : null, stem];
  // "stopped" → "stop", but "killed" → "kill": a doubled l, s, f or z stays.
  if (/([b-df-hj-np-tv-z])\1$/.test(stem) && !/(ll|ss|ff|zz)$/.test(stem)) candidates.push(stem.slice(0, -1));
  return candidates.find((c): c is string => c !== null && c.length >= 2 && isEnglishWord(c)) ?? null;
}

interface VerbGroup {
  /** First and last token of the verb group. */
  readonly from: number;
  readonly to: number;
  readonly auxiliary: string | null;
  /** What follows the auxiliary ("be tallied"), or the base form of a past verb ("reopen"). */
  readonly verb: string;
  /** The verb group as printed ("will now be tallied", "reopened"). */
  readonly printed: string;
}

function verbAt(sentence: string, tokens: readonly Token[], i: number): VerbGroup | null {
  const t = tokens[i]!;
  if (isCapitalised(t) && i > 0) return null;
  const previous = tokens[i - 1];
  // "the damaged books", "legally downloaded songs": a past form after these is an adjective.
  if (previous && (DETERMINERS.has(previous.lower) || ROLE_STOPS.has(previous.lower))) return null;
  if (previous?.lower.endsWith('ly') && baseOfPresent(tokens, i) === null) return null;
  if (AUXILIARIES.has(t.lower)) {
    let to = i;
    while (to + 1 < tokens.length && to - i < 4 && !endsPhrase(tokens[to]!)) {
      const next = tokens[to + 1]!;
      const part =
        VERB_GROUP_WORDS.has(next.lower) || (next.lower.endsWith('ly') && next.lower !== 'only') || baseOfPast(next.word) !== null;
      if (NEGATIONS.has(next.lower) || !part) break;
      to++;
    }
    if (to + 1 < tokens.length && NEGATIONS.has(tokens[to + 1]!.lower)) return null;
    // The main verb after "will", "could", "did": "will deliver", "could rein".
    const main = tokens[to + 1];
    if (main && !endsPhrase(tokens[to]!) && isMainVerbAfter(t.lower, main)) to++;
    const verb = text(sentence, tokens, i + 1, to);
    // "had a fire": "had" is the verb itself, not an auxiliary.
    if (['has', 'have', 'had'].includes(t.lower) && verb === '') {
      return t.lower === 'had' ? { from: i, to: i, auxiliary: null, verb: 'have', printed: t.word } : null;
    }
    return { from: i, to, auxiliary: t.lower, verb, printed: text(sentence, tokens, i, to) };
  }
  const base = baseOfPast(t.word);
  if (base) return { from: i, to: i, auxiliary: null, verb: base, printed: t.word };
  const present = baseOfPresent(tokens, i);
  return present ? { from: i, to: i, auxiliary: 'does', verb: present, printed: t.word } : null;
}

const MODALS = new Set(['will', 'would', 'can', 'could', 'may', 'might', 'should', 'must', 'shall', 'does', 'do', 'did']);
const PREPOSITIONS = new Set([
  'to',
  'in',
  'at',
  'on',
  'for',
  'from',
  'with',
  'by',
  'of',
  'into',
  'over',
  'about',
  'after',
  'before',
  'since',
  'during',
  'than',
  'as',
]);

/** After a modal, a lowercase word that is not a determiner, preposition or number is the main verb. */
function isMainVerbAfter(auxiliary: string, next: Token): boolean {
  if (!MODALS.has(auxiliary) || isCapitalised(next) || hasQuoteMark(next)) return false;
  return !DETERMINERS.has(next.lower) && !PREPOSITIONS.has(next.lower) && !/\d/.test(next.word) && /^\p{Ll}+$/u.test(next.word);
}

/**
 * The base of a present-tense verb ("incorporates" → "incorporate"), where the words around it say it is one:
 * an adverb before it ("now incorporates") or a determiner, number or preposition after it ("tops its chart").
 * A plural noun ("crude futures jumped") has neither.
 */
function baseOfPresent(tokens: readonly Token[], i: number): string | null {
  const t = tokens[i]!;
  if (!/^\p{Ll}+s$/u.test(t.word) || /(?:ss|us|is)$/.test(t.lower) || t.lower.length < 4) return null;
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  const adverbBefore =
    previous !== undefined &&
    (['now', 'also', 'still', 'already', 'currently', 'often'].includes(previous.lower) || previous.lower.endsWith('ly'));
  const objectAfter =
    next !== undefined && !endsPhrase(t) && (DETERMINERS.has(next.lower) || PREPOSITIONS.has(next.lower) || /^[£$€\d]/.test(next.word));
  if (!adverbBefore && !objectAfter) return null;
  const candidates = [
    t.lower.endsWith('ies') ? `${t.lower.slice(0, -3)}y` : null,
    t.lower.endsWith('es') ? t.lower.slice(0, -2) : null,
    t.lower.slice(0, -1),
  ];
  return candidates.find((c): c is string => c !== null && c.length >= 2 && isEnglishWord(c)) ?? null;
}

// ---------------------------------------------------------------- clauses

interface Clause {
  readonly subject: string;
  /** Token range of the subject and of the clause's end. */
  readonly subjectFrom: number;
  readonly subjectTo: number;
  readonly verb: VerbGroup;
  /** What follows the verb group, in the sentence, up to the clause's end. */
  readonly rest: string;
  readonly restStart: number;
  readonly end: number;
}

/** Clause boundaries after the verb: a comma before "which", "while", "but" ...; a semicolon; a quote. */
const CLAUSE_END = /,\s+(?:which|who|while|but|and|as|although|though|whereas|with|according|the|a|an|\p{Lu})|;|["“”]|\s-\s|\s–\s/u;

function parseClause(sentence: string, tokens: readonly Token[], from: number): Clause | null {
  const words = draftingWords();
  let start = from;
  if (tokens[start] && words.openers.has(tokens[start]!.lower)) {
    const comma = tokens.findIndex((t, k) => k >= start && k < start + 8 && t.after.includes(','));
    if (comma < 0) return null;
    start = comma + 1;
  }
  const first = tokens[start];
  if (!first || NOT_SUBJECT_START.has(first.lower) || hasQuoteMark(first) || /^(?:i|we|you|they|he|she|it)['’]/.test(first.lower))
    return null;
  if (!isCapitalised(first) && !DETERMINERS.has(first.lower) && !QUANTIFIERS.has(first.lower) && !/^[£$€\d]/.test(first.word)) return null;
  // "The Budget, likely to be the last before the election, will be ...": the words between commas after the
  // subject are skipped when the verb follows them.
  let insertFrom = -1;
  let insertTo = -1;
  for (let v = start + 1; v < tokens.length && v <= start + 8 + Math.max(0, insertTo - insertFrom + 1); v++) {
    if (v - 1 >= insertFrom && v - 1 < insertTo) continue;
    if (tokens[v - 1]!.after.includes(',') && insertFrom < 0) {
      const close = tokens.findIndex((t, k) => k >= v && k < v + 12 && t.after.includes(','));
      if (close < 0 || !tokens[close + 1] || !verbAt(sentence, tokens, close + 1)) return null;
      insertFrom = v;
      insertTo = close + 1;
      v = close + 1;
    } else if (endsPhrase(tokens[v - 1]!) && v - 1 !== insertTo - 1) return null;
    if (hasQuoteMark(tokens[v]!)) return null;
    if (words.speechVerbs.has(tokens[v]!.lower)) return null;
    const verb = verbAt(sentence, tokens, v);
    if (!verb) continue;
    const restStart = verb.to + 1 < tokens.length ? tokens[verb.to + 1]!.start : tokens[verb.to]!.end;
    const tail = sentence.slice(restStart);
    const stop = CLAUSE_END.exec(tail);
    const end = restStart + (stop ? stop.index : tail.length);
    const rest = sentence.slice(restStart, end).replace(/[\s,.;:!?]+$/, '');
    if (rest.length === 0) return null;
    const subjectTo = insertFrom >= 0 ? insertFrom - 1 : v - 1;
    const subject = text(sentence, tokens, start, subjectTo).replace(/,$/, '');
    return { subject, subjectFrom: start, subjectTo, verb, rest, restStart, end: restStart + rest.length };
  }
  return null;
}

/**
 * The subject as it reads inside a question: "The repairs" → "the repairs", "Oil prices" → "oil prices"; a
 * capital that is a name's ("Labour", "Sony's Playstation") stays.
 */
function subjectInQuestion(subject: string): string {
  const [first = '', second, ...rest] = subject.split(' ');
  const lower = first.toLowerCase();
  const common =
    DETERMINERS.has(lower) ||
    QUANTIFIERS.has(lower) ||
    (second !== undefined && /^\p{Lu}\p{Ll}+$/u.test(first) && /^\p{Ll}/u.test(second) && isEnglishWord(lower));
  return common ? [lower, ...(second !== undefined ? [second] : []), ...rest].join(' ') : subject;
}

/** "When will the library reopen on ...?" from a clause, with `rest` as the words after the verb. */
function question(wh: string, clause: Clause, rest: string): string {
  const subject = subjectInQuestion(clause.subject);
  const { auxiliary, verb } = clause.verb;
  // The question stops at the rest's first comma: what follows is another thought.
  const tail = (rest.replace(/^[\s,;:]+/, '').split(',')[0] ?? '').trim().replace(/[\s,.;:!?]+$/, '');
  const parts = auxiliary ? [wh, auxiliary, subject, verb, tail] : [wh, 'did', subject, verb, tail];
  return `${parts.filter((p) => p.length > 0).join(' ')}?`;
}

/** The rest with one matched phrase taken out, white space tidied; what follows it after a comma is another thought. */
const without = (rest: string, phrase: RegExpExecArray) =>
  `${rest.slice(0, phrase.index)} ${rest.slice(phrase.index + phrase[0].length).replace(/^\s*,.*$/s, '')}`
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:])/g, '$1')
    .trim();

/** The rest up to its first preposition after a word or two: "his Budget to the House of Commons" → "his Budget". */
function shortRest(rest: string): string {
  const words = rest.split(' ');
  const cut = words.findIndex((w, i) => i >= 1 && /^(?:to|in|at|on|for|from|with|by|after|before|since|during|into|over|about)$/i.test(w));
  return cut < 0 ? rest : words.slice(0, cut).join(' ');
}

/** Subordinate words: a date or place after them belongs to another clause. */
const SUBORDINATE = /\b(?:since|after|before|when|while|because|although|though|until|if|which|who|that|as)\b/i;

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const CLOCK = '(?:\\d{1,2}(?:[:.]\\d{2})?\\s*(?:am|pm)|\\d{4}\\s*GMT|\\d{1,2}:\\d{2}(?:\\s*GMT)?)';
/** A time, or a span of time: "9am", "1230 GMT", "9am to 6pm". */
const TIME = `(?:${CLOCK}(?:\\s*(?:to|-|–|until)\\s*${CLOCK})?)`;
const DATE_PHRASE = new RegExp(
  `(?<![£$€\\d.,])\\b(?:(?:on|in|at|by|for|from|since|until|before|after|during)\\s+)?(?:(?:later|earlier)\\s+)?(?:` +
    `${WEEKDAY}(?:,?\\s+\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH})?|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}(?:\\s+\\d{4})?|` +
    `${MONTH}(?:\\s+\\d{1,2}(?:st|nd|rd|th)?)?(?:,?\\s+\\d{4})?|(?:19|20)\\d{2}|` +
    `(?:the\\s+)?(?:last|next|this|early|late)\\s+(?:week|month|year|weekend|season|winter|summer|spring|autumn|${WEEKDAY}|${MONTH})|` +
    `yesterday|today|tomorrow|tonight|${TIME})\\b(?!\\s+\\p{Lu})`,
  'u',
);
const TIME_ONLY = new RegExp(`^(?:(?:at|from|by|until)\\s+)?${TIME}$`, 'i');
const NOT_PLACE = new RegExp(`^(?:the\\s+)?(?:${MONTH}|${WEEKDAY})\\b`);
const PLACE_PHRASE =
  /\b(?:in|at)\s+((?:the\s+)?\p{Lu}[\p{L}’'&.-]*(?:\s+(?:of\s+|de\s+)?\p{Lu}[\p{L}’'&.-]*){0,4})(?=\s*$|\s*[,.;:]|\s+(?:on|in|at|and|but|before|after|for|to|with|from|since|as|by|when|while|last|this|next)\b)/u;
const REASON =
  /\b(?:because(?:\s+of)?|due\s+to|as\s+a\s+result\s+of|thanks\s+to|following|so\s+that|so\s+as\s+to|in\s+order\s+to|to\s+(?:allow|help|ensure|make\s+sure|avoid|prevent|stop|keep|protect|pay\s+for|fund|meet|boost|cut|reduce|raise))\b/i;
const NUMBER =
  '(?:[£$€]?\\d[\\d,.]*(?:\\s*(?:million|billion|bn|m|thousand|hundred))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds|thousands|millions|dozens)';
const QUANTITY_SUBJECT = new RegExp(
  `^((?:(?:about|around|some|nearly|almost|more\\s+than|over|fewer\\s+than|less\\s+than|roughly|up\\s+to|at\\s+least|only|just)\\s+)?${NUMBER})\\s+((?:[\\p{Ll}-]+\\s+){0,2}[\\p{Ll}-]+)$`,
  'iu',
);
const MONEY =
  /(?:[£$€]\d+(?:[,.]\d+)*(?:\s*(?:million|billion|bn|m|k)\b)?|\b\d+(?:[,.]\d+)*\s*(?:million\s+|billion\s+)?(?:pounds|dollars|euros|pence)\b|\b\d+p\b)/;
/** A number of things in the words after the verb: "312,000 physical singles", "thousands of books"; not a duration ("six months"). */
const COUNT_IN_REST = new RegExp(
  `\\b(${NUMBER})\\s+(?:of\\s+)?(?!(?:seconds|minutes|hours|days|weeks|months|years|decades|times)\\b)((?:[\\p{Ll}-]+\\s+){0,1}[\\p{Ll}-]+s)\\b`,
  'u',
);

const COPULAS = new Set(['is', 'are', 'was', 'were']);

/**
 * "What did X urge?" / "What is X?": the thing the verb is about, when the words after the verb are a noun
 * phrase (they start with a determiner or a noun, not a preposition). The answer is that phrase.
 */
function whatObject(clause: Clause): { question: string; alternates: string[]; answer: string } | null {
  const [first = ''] = clause.rest.split(' ');
  if (PREPOSITIONS.has(first.toLowerCase()) || /^\p{Lu}/u.test(first) || first.length === 0) return null;
  const { auxiliary, verb } = clause.verb;
  const object = shortRest(clause.rest);
  if (object.split(' ').length < 2) return null;
  const subject = subjectInQuestion(clause.subject);
  if (auxiliary && COPULAS.has(auxiliary) && verb === '') {
    // "Sony's Playstation Portable is the top gadget for 2005": What is Sony's Playstation Portable?
    if (!DETERMINERS.has(first.toLowerCase())) return null;
    return {
      question: `What ${auxiliary} ${subject}?`,
      alternates: [`${subject} ${auxiliary} what`],
      answer: `${capitalise(clause.rest)}.`,
    };
  }
  if (auxiliary && !MODALS.has(auxiliary)) return null;
  const helper = auxiliary ?? 'did';
  const base = verb.split(' ').at(-1) ?? verb;
  // "Next month's Budget will be Mr Brown's eighth": What will next month's Budget be?
  if (base === 'be' && auxiliary && MODALS.has(auxiliary) && verb === 'be')
    return {
      question: `What ${auxiliary} ${subject} be?`,
      alternates: [`${subject} ${auxiliary} be what`],
      answer: `${capitalise(clause.rest)}.`,
    };
  if (['have', 'be', 'say'].includes(base) || base === '') return null;
  return {
    question: `What ${helper} ${subject} ${verb}?`,
    alternates: [`what ${helper} ${subject} ${base}`],
    answer: `${capitalise(clause.rest)}.`,
  };
}

/** The words of a name in the clause's subject, for "Who" questions: all capitalised, not a possessive thing. */
function isNamedSubject(tokens: readonly Token[], clause: Clause): boolean {
  const subject = tokens.slice(clause.subjectFrom, clause.subjectTo + 1);
  return (
    subject.every((t) => isCapitalised(t) || NAME_JOINERS.has(t.lower)) &&
    !subject.some((t) => /['’]s$/.test(t.word)) &&
    !DETERMINERS.has(subject[0]!.lower)
  );
}

function clauseQuestions(sentence: string, tokens: readonly Token[], clause: Clause): DraftedQuestion[] {
  const drafts: DraftedQuestion[] = [];
  const quote = { start: tokens[clause.subjectFrom]!.start, end: clause.end };
  const mainRest = clause.rest.split(SUBORDINATE)[0] ?? clause.rest;
  const add = (kind: DraftKind, q: string, alternates: string[], answer: string, span = quote) =>
    drafts.push({ kind, question: capitalise(q), alternates, answer, ...span });

  const quantity = QUANTITY_SUBJECT.exec(clause.subject);
  if (quantity && clause.verb.auxiliary) {
    const [, amount = '', noun = ''] = quantity;
    const how = MONEY.test(amount) ? 'how much' : 'how many';
    const tail = `${clause.verb.printed} ${clause.rest}`.trim();
    add(
      how === 'how much' ? 'how-much' : 'how-many',
      `${how} ${noun} ${tail}?`,
      [`${how} ${noun} ${shortRest(tail)}`, `number of ${noun} ${clause.verb.printed}`],
      `${capitalise(amount)} ${noun}.`,
    );
  }
  const bare = (wh: string) => question(wh, clause, '').replace(/\?$/, '');
  const money = MONEY.exec(mainRest);
  // "cost £340,000", "jumped to $53.09": the amount the verb is about, not one further on ("above $53 in the US as ...").
  const moneyAhead = money ? mainRest.slice(0, money.index).trim() : '';
  if (money && moneyAhead.split(/\s+/).filter(Boolean).length <= 5) {
    add('how-much', question('how much', clause, moneyAhead), [bare('how much')], `${capitalise(money[0])}.`);
  } else {
    const count = COUNT_IN_REST.exec(mainRest);
    if (count && !DATE_PHRASE.test(count[0])) {
      const rest = without(clause.rest, count);
      const noun = count[2] ?? '';
      const q = question(`how many ${noun}`, clause, rest);
      add('how-many', q, [question(`how many ${noun}`, clause, shortRest(rest)).replace(/\?$/, '')], `${capitalise(count[0])}.`);
    }
  }
  const date = DATE_PHRASE.exec(mainRest);
  if (date) {
    const rest = without(mainRest, date);
    const isTime = TIME_ONLY.test(date[0].trim());
    const wh = isTime ? 'what time' : 'when';
    const alternates = [question(wh, clause, shortRest(rest)).replace(/\?$/, ''), bare(wh)];
    if (isTime) alternates.push(question('when', clause, rest).replace(/\?$/, ''));
    else if (/\d{4}$/.test(date[0]) && !/\d{1,2}\s/.test(date[0])) alternates.push(question('what year', clause, rest).replace(/\?$/, ''));
    else alternates.push(question(/day|\d/i.test(date[0]) ? 'what day' : 'when exactly', clause, shortRest(rest)).replace(/\?$/, ''));
    add('when', question(wh, clause, rest), alternates, `${capitalise(date[0])}.`);
  }
  const place = PLACE_PHRASE.exec(mainRest);
  if (place && !NOT_PLACE.test(place[1] ?? '') && !date?.[0].includes(place[0])) {
    const rest = without(mainRest, place);
    add(
      'where',
      question('where', clause, rest),
      [question('where', clause, shortRest(rest)).replace(/\?$/, ''), bare('where')],
      `${capitalise(place[0])}.`,
    );
  }
  const reason = REASON.exec(clause.rest);
  if (reason && reason.index > 0) {
    const before = clause.rest.slice(0, reason.index).trim();
    // The reason runs to the sentence's end: a list of causes is cut by no comma.
    const sentenceEnd = sentence.replace(/[\s.!?]+$/, '').length;
    const because = sentence.slice(clause.restStart + reason.index, sentenceEnd);
    const declarative = `${subjectInQuestion(clause.subject)} ${clause.verb.printed} ${before}`.trim();
    add('why', question('why', clause, before), [`how come ${declarative}`, bare('why')], `${capitalise(because)}.`, {
      start: quote.start,
      end: sentenceEnd,
    });
  }
  if (drafts.length > 0) return drafts;
  const object = whatObject(clause);
  if (object) add('what', object.question, object.alternates, object.answer);
  else if (isNamedSubject(tokens, clause) && !clause.verb.auxiliary) {
    const doing = `${clause.verb.printed} ${clause.rest}`;
    add('who-did', `who ${doing}?`, [`who ${clause.verb.printed} ${shortRest(clause.rest)}`], `${clause.subject}.`);
  }
  return drafts;
}

// ---------------------------------------------------------------- people: who they are, what they said

interface Name {
  readonly from: number;
  readonly to: number;
  readonly name: string;
  /** The role printed with the name ("club manager", "the firm's deputy chief executive"), if any. */
  readonly role: string | null;
  /** Whether the role is printed before the name ("head librarian Rosa Delgado"). */
  readonly roleFirst: boolean;
  /** Where the name and its role are printed together. */
  readonly start: number;
  readonly end: number;
}

const FUNCTION_OPENERS = new Set([
  ...DETERMINERS,
  ...PRONOUNS,
  'as',
  'in',
  'on',
  'at',
  'but',
  'and',
  'however',
  'after',
  'before',
  'when',
  'while',
  'if',
  'for',
  'with',
  'by',
  'from',
  'since',
]);

/** Capitalised runs of two or more words: names of people, firms, places. */
function capitalisedRuns(tokens: readonly Token[]): Array<{ from: number; to: number }> {
  const runs: Array<{ from: number; to: number }> = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isCapitalised(tokens[i]!) || hasQuoteMark(tokens[i]!)) continue;
    let to = i;
    while (to + 1 < tokens.length && !endsPhrase(tokens[to]!) && !/['’]s$/.test(tokens[to]!.word)) {
      const next = tokens[to + 1]!;
      if (isCapitalised(next) && !hasQuoteMark(next)) to++;
      else if (NAME_JOINERS.has(next.lower) && tokens[to + 2] && isCapitalised(tokens[to + 2]!) && next.lower !== 'and') to += 2;
      else break;
    }
    // "As Mr Brown ...", "The Budget ...": a capitalised function word opening the sentence is not part of a name.
    const from = i === 0 && FUNCTION_OPENERS.has(tokens[0]!.lower) ? 1 : i;
    if (from <= to) runs.push({ from, to });
    i = to;
  }
  return runs;
}

/** A person's name with the role printed before it ("head librarian Rosa Delgado") or after it, between commas. */
function namedPeople(sentence: string, tokens: readonly Token[]): Name[] {
  const { roles, speechVerbs } = draftingWords();
  const people: Name[] = [];
  for (const run of capitalisedRuns(tokens)) {
    // A role word inside the run: "Chancellor Gordon Brown", "Prime Minister Tony Blair".
    let nameFrom = run.from;
    for (let k = run.from; k < run.to; k++) if (roles.has(tokens[k]!.lower)) nameFrom = k + 1;
    const nameTokens = tokens.slice(nameFrom, run.to + 1);
    if (nameTokens.length < 2 || nameTokens.length > 4 || nameTokens.some((t) => /\d/.test(t.word) || /['’]s$/.test(t.word))) continue;
    if (DETERMINERS.has(nameTokens[0]!.lower)) continue;
    const name = text(sentence, tokens, nameFrom, run.to);
    // Backwards over the role: "Citigroup Global Markets analyst", "head librarian".
    let roleFrom = nameFrom > run.from ? run.from : nameFrom;
    if (roleFrom === run.from) {
      let k = run.from - 1;
      if (k >= 0 && roles.has(tokens[k]!.lower) && !endsPhrase(tokens[k]!)) {
        roleFrom = k;
        for (k--; k >= 0 && roleFrom - k <= 4; k--) {
          const t = tokens[k]!;
          if (endsPhrase(t) || hasQuoteMark(t) || ROLE_STOPS.has(t.lower) || speechVerbs.has(t.lower) || AUXILIARIES.has(t.lower)) break;
          if (!isCapitalised(t) && !roles.has(t.lower) && baseOfPast(t.word) !== null) break;
          roleFrom = k;
        }
      }
    }
    if (roleFrom < nameFrom) {
      let role = text(sentence, tokens, roleFrom, nameFrom - 1);
      // "Head librarian Rosa Delgado" opening the sentence: the capital is the sentence's, not the role's.
      if (roleFrom === 0 && /^\p{Lu}\p{Ll}+\s/u.test(role) && isEnglishWord(role.split(' ')[0]!.toLowerCase()))
        role = role.charAt(0).toLowerCase() + role.slice(1);
      people.push({ from: nameFrom, to: run.to, name, role, roleFirst: true, start: tokens[roleFrom]!.start, end: tokens[run.to]!.end });
      continue;
    }
    // "Jane Doe, the firm's deputy chief executive, said": the role between commas.
    if (tokens[run.to]!.after.includes(',')) {
      let k = run.to + 1;
      while (k < tokens.length && k - run.to <= 10 && !endsPhrase(tokens[k]!) && !hasQuoteMark(tokens[k]!)) k++;
      const phrase = tokens.slice(run.to + 1, k + 1);
      const relative = phrase[0] && ['who', 'which', 'that', 'whose', 'whom'].includes(phrase[0].lower);
      const opensRole =
        !relative && phrase[0] && (!isCapitalised(phrase[0]) || /['’]s$/.test(phrase[0].word) || DETERMINERS.has(phrase[0].lower));
      const hasRole = phrase.some((t) => roles.has(t.word));
      if (k < tokens.length && opensRole && hasRole && !speechVerbs.has(phrase[0]!.lower) && !hasQuoteMark(tokens[k]!)) {
        const role = text(sentence, tokens, run.to + 1, k);
        people.push({ from: nameFrom, to: run.to, name, role, roleFirst: false, start: tokens[nameFrom]!.start, end: tokens[k]!.end });
        continue;
      }
    }
    people.push({
      from: nameFrom,
      to: run.to,
      name,
      role: null,
      roleFirst: false,
      start: tokens[nameFrom]!.start,
      end: tokens[run.to]!.end,
    });
  }
  return people;
}

const surnameOf = (name: string) => name.split(' ').at(-1) ?? name;

function roleWithArticle(role: string, printedBefore: boolean): string {
  if (/^(?:the|a|an|his|her|its|their)\s/i.test(role) || /['’]s\s/.test(role)) return role;
  if (printedBefore) return `the ${role}`;
  return `${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}`;
}

function whoIs(person: Name): DraftedQuestion | null {
  if (!person.role) return null;
  const role = roleWithArticle(person.role, person.roleFirst);
  const bareRole = role.replace(/^(?:the|a|an)\s+/i, '');
  const surname = surnameOf(person.name);
  return {
    kind: 'who-is',
    question: `Who is ${person.name}?`,
    alternates: [`who is ${surname}`, `what does ${person.name} do`, `what is ${surname}'s job`, `who is the ${bareRole}`],
    answer: `${person.name} is ${role}.`,
    start: person.start,
    end: person.end,
  };
}

/** "A spokesman for the firm", "the BPI spokesman": a speaker named by role, read as "the ..." in a question. */
function describedSpeaker(phrase: string): string | null {
  const words = phrase.split(/\s+/);
  if (words.length < 2 || words.length > 10 || !/^(?:a|an|the)$/i.test(words[0]!)) return null;
  if (!words.some((w) => draftingWords().roles.has(w.toLowerCase().replace(/[^a-z]/g, '')))) return null;
  return ['the', ...words.slice(1)].join(' ').replace(/[\s,.:;]+$/, '');
}

const QUOTED = /["“]([^"“”]{20,})["”]/g;

/** The most telling word of a quote, for "What did X say about ...?": a name in it, else its longest word. */
function topicOf(quote: string, speaker: string): string | null {
  const words = quote.match(/[\p{L}][\p{L}’'-]*/gu) ?? [];
  const names = words.filter((w, i) => i > 0 && /^\p{Lu}/u.test(w) && !speaker.includes(w) && w.length > 2);
  if (names[0]) return names[0];
  const long = words.filter((w) => w.length >= 6).sort((a, b) => b.length - a.length);
  return long[0]?.toLowerCase() ?? null;
}

/** Quoted words and who said them: `"...," said X`, `"...," X said`, `X said: "..."`, `"...," he said`. */
function saidQuestions(sentence: string, people: readonly Name[], context: DraftingContext): DraftedQuestion[] {
  const { speechVerbs } = draftingWords();
  const drafts: DraftedQuestion[] = [];
  const speechVerb = [...speechVerbs].join('|');
  for (const match of sentence.matchAll(QUOTED)) {
    const inner = match[1]!.replace(/[\s,]+$/, '');
    const openAt = match.index + 1;
    const after = sentence.slice(match.index + match[0].length);
    const before = sentence.slice(0, match.index);
    // A name that starts there (its role may run on past the words matched: "said Aidan O'Carroll, E&Y's head of tax").
    const personAt = (from: number, to: number) => people.find((p) => p.start >= from && p.start < to);
    let speaker: Name | null | undefined;
    let pronoun = false;
    let described: string | null = null;
    const following = new RegExp(
      `^[\\s,]*(?:(${speechVerb})\\s+(.{2,120}?)|(.{2,60}?)\\s+(${speechVerb}))[\\s,.:;]*(?:$|[.:;,])`,
      'u',
    ).exec(after);
    const preceding = new RegExp(`(?:^|[.;]\\s+|,\\s+)([^.;]{2,120}?)\\s+(?:${speechVerb})(?:\\s+that)?[\\s,:]*$`, 'u').exec(before);
    if (following) {
      const at = match.index + match[0].length + following.index;
      speaker = personAt(at, at + following[0].length);
      const who = (following[2] ?? following[3] ?? '').trim();
      described = speaker ? null : describedSpeaker(who);
      pronoun = !speaker && !described && /^(?:he|she|they|the \p{Ll}+)$/u.test(who);
    } else if (preceding) {
      speaker = personAt(preceding.index, match.index);
      described = speaker ? null : describedSpeaker(preceding[1]!.trim());
      pronoun = !speaker && !described && /^(?:he|she|they)$/i.test(preceding[1]!.trim());
    }
    const name = speaker?.name ?? described ?? (pronoun ? context.lastSpeaker : null);
    if (!name) continue;
    context.lastSpeaker = name;
    const surname = surnameOf(name);
    const topic = topicOf(inner, name);
    const first = !context.askedAbout.has(`said:${name}`);
    context.askedAbout.add(`said:${name}`);
    const q = first || !topic ? `What did ${name} say?` : `What did ${name} say about ${topic}?`;
    const alternates = first
      ? [`what did ${surname} say`, `what was ${surname}'s quote`, ...(topic ? [`what did ${surname} say about ${topic}`] : [])]
      : [`what did ${surname} say about ${topic ?? 'it'}`, `${surname} on ${topic ?? 'it'}`];
    // "Ed Silliere, analyst at Energy Merchant," said: the role between commas keeps its second comma.
    const printed = speaker ? sentence.slice(speaker.start, speaker.end) : name;
    const who = capitalise(speaker?.role && !speaker.roleFirst ? `${printed},` : printed);
    drafts.push({ kind: 'said', question: q, alternates, answer: `${who} said:`, start: openAt, end: openAt + inner.length });
  }
  return drafts;
}

/** A described speaker opening the sentence ("A spokesman for the BPI said ..."), as a name and where it starts. */
function describedAtStart(sentence: string, tokens: readonly Token[], verbIndex: number): { name: string; start: number } | null {
  const name = describedSpeaker(text(sentence, tokens, 0, verbIndex - 1));
  return name ? { name, start: tokens[0]!.start } : null;
}

/** "X said (that) ...", "X urged Y to ...": reported speech, by a speaker who opens the sentence or a clause. */
function reportedSpeech(
  sentence: string,
  tokens: readonly Token[],
  people: readonly Name[],
  context: DraftingContext,
): DraftedQuestion | null {
  // With quote marks, the quote is the question's answer (saidQuestions); the speaker is still who "he" is next.
  const quoting = /["“”]/.test(sentence);
  const { speechVerbs } = draftingWords();
  for (const [verbIndex, verb] of tokens.entries()) {
    if (verbIndex < 1 || !speechVerbs.has(verb.lower)) continue;
    const previous = tokens[verbIndex - 1]!;
    const named = people.find((p) => p.end === previous.end);
    const speaker = named ? { name: named.name, start: named.start } : describedAtStart(sentence, tokens, verbIndex);
    if (!speaker) continue;
    let opening = tokens.findIndex((t) => t.start === speaker.start);
    // "accountancy firm Ernst & Young urged": up to three lowercase words describe the speaker.
    for (let k = opening - 1; k >= 0 && opening - k <= 3 && !endsPhrase(tokens[k]!) && /^\p{Ll}+$/u.test(tokens[k]!.word); k--)
      if (k === 0 || tokens[k - 1]!.after.includes(',')) opening = k;
    if (opening > 0 && !tokens[opening - 1]!.after.includes(',')) continue;
    const printedFrom = tokens[opening]!.start;
    context.lastSpeaker = speaker.name;
    if (quoting) return null;
    const present = verb.lower.endsWith('s') && !verb.lower.endsWith('ss');
    const base = present ? verb.lower.replace(/e?s$/, '') : (baseOfPast(verb.word) ?? verb.lower);
    const tense = present ? 'does' : 'did';
    const key = `said:${speaker.name}`;
    if (context.askedAbout.has(key) && base === 'say') return null;
    context.askedAbout.add(key);
    const surname = surnameOf(speaker.name);
    return {
      kind: 'said',
      question: `What ${tense} ${speaker.name} ${base}?`,
      alternates: [`what ${tense} ${surname} ${base}`, `what was ${surname}'s view`],
      answer: `${capitalise(sentence.slice(printedFrom, verb.end))}:`,
      start: printedFrom,
      end: sentence.replace(/[\s.]+$/, '').length,
    };
  }
  return null;
}

// ---------------------------------------------------------------- one sentence

/** Where a clause may begin: the sentence's start, and after a word that opens another clause. */
const CLAUSE_OPENING = /(?:,\s+(?:and|but|while)\s+|\b(?:since|because|after|before|when|while|although|though|until|as)\s+)(?=\S)/g;

/** The drafts for one sentence, most useful first; `context` carries what earlier sentences named. */
export function draftQuestions(sentence: string, context: DraftingContext): DraftedQuestion[] {
  const tokens = tokenize(sentence);
  if (tokens.length < 4) return [];
  const people = namedPeople(sentence, tokens);
  const drafts: DraftedQuestion[] = [];
  for (const person of people) {
    if (context.askedAbout.has(person.name)) continue;
    const draft = whoIs(person);
    if (!draft) continue;
    context.askedAbout.add(person.name);
    // A person introduced with a role is who "he said" means next.
    context.lastSpeaker = person.name;
    drafts.push(draft);
  }
  const reported = reportedSpeech(sentence, tokens, people, context);
  if (reported) drafts.push(reported);
  drafts.push(...saidQuestions(sentence, people, context));

  const starts = [0, ...[...sentence.matchAll(CLAUSE_OPENING)].map((m) => tokens.findIndex((t) => t.start >= m.index + m[0].length))];
  for (const start of new Set(starts.filter((s) => s >= 0))) {
    const clause = parseClause(sentence, tokens, start);
    if (clause) drafts.push(...clauseQuestions(sentence, tokens, clause));
  }
  return drafts;
}
