// Who each sentence of a story quotes or is about, beyond its own words: "he said" belongs to the person just
// named or quoted, a quote that runs over several sentences keeps its speaker, "the Dutchman" is the manager
// named before, "Mr Cherkasky" is the "Marsh chief executive Michael Cherkasky" of an earlier paragraph.
// Each sentence gets those people's names and roles as context, so "what did the chief executive forecast?"
// finds a sentence that names neither.

import { EVERYDAY_OPENER } from './tuning.js';
import { wordRarity } from '../language/wordRarity.js';

/** A sentence of the story, in reading order. */
export interface StorySentence {
  readonly paragraph: number;
  readonly text: string;
}

interface Token {
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
}

interface Entity {
  /** The name as first written in full ("Michael Cherkasky"). */
  readonly name: string;
  /** The words that say who they are ("Marsh chief executive", "editor of Stuff Essentials", "Dutchman"). */
  readonly roles: string[];
  /** Named like a person: a first and last name, a title, or a role word for people. */
  personLike: boolean;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’&.-]*/gu;
const SPEECH_VERB =
  /^(said|says|say|added|adds|told|tells|explained|insisted|admitted|conceded|warned|argued|claimed|asked|asks|forecast|predicted|stated|noted|replied|acknowledged|announced|confirmed)$/;
/** Titles before a name ("Mr Cherkasky" is Cherkasky). */
export const TITLES: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'lady', 'lord', 'prof', 'me']);
const PRONOUN = /^(he|she|him|his|her)$/;
/** Role words for people: a name they stand next to is a person's. */
const PERSON_ROLE =
  /\b(manager|analyst|chief|executive|president|minister|chancellor|director|editor|chairman|spokesman|spokeswoman|spokesperson|official|researcher|photographer|creator|writer|co-writer|actor|actress|player|captain|skipper|host|presenter|ambassador|secretary|leader|attorney|judge|head|founder|owner|scientist|expert|singer|star|comedian|coach|striker|midfielder|defender|goalkeeper|general|president|vice)\b/i;
/** Nouns for organisations: "the insurer said" is the company named before. */
const ORGANISATION_NOUN =
  /^(company|firm|group|insurer|bank|club|team|side|government|ministry|department|agency|organisation|organization|alliance|union|council|band|network|channel|broadcaster|retailer|carrier|maker|manufacturer|magazine|newspaper|paper|party|treasury|regulator|watchdog|airline)$/;
/** Small words that may sit inside a name ("Bank of England", "Jurgen den Hartog"). */
const NAME_JOINERS = new Set(['of', 'de', 'den', 'der', 'van', 'von', 'la', 'le', 'al', 'bin', '&']);
/** Capitalised words that start sentences or quotes without being names. */
const NOT_NAMES = new Set(
  `the a an this that these those it its he she his her they their we our you your i my but and or so if when while as
  after before however meanwhile elsewhere under over in on at for with from by to of not no yes there here what who
  where why how which looking speaking following according last next first second third one two three
  january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday`.split(/\s+/),
);
/** Words that start a clause after a comma, not an appositive ("Forest, which included ..."). */
const NOT_APPOSITIVE =
  /^(which|who|whose|where|when|that|and|but|while|as|with|after|before|although|though|if|so|because|will|would|is|was|are|were|has|had|have|can|could|may|might|said|says)\b/i;

function tokens(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => {
    const word = m[0].replace(/[.’']+$/, '');
    return { text: word, lower: word.toLowerCase(), start: m.index, end: m.index + word.length };
  });
}

const isCapitalised = (t: Token) => /^\p{Lu}/u.test(t.text);

/** Runs of capitalised words ("Western Refining Company", "Jurgen den Hartog"), as token index ranges. */
function nameSpans(ts: readonly Token[], text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  // A quotation opens a sentence of its own: 'added: "Gasoline is up ..."'.
  const opensSentence = (i: number) => i === 0 || /["“]\s*$/u.test(text.slice(ts[i - 1]!.end, ts[i]!.start));
  for (let i = 0; i < ts.length; i++) {
    // "Saturdays" is no more a name than "Saturday".
    if (!isCapitalised(ts[i]!) || NOT_NAMES.has(ts[i]!.lower) || NOT_NAMES.has(ts[i]!.lower.replace(/s$/, ''))) continue;
    // A sentence's capitalised first word is an everyday word ("Later, ...", "We've ...") unless a name goes on
    // after it.
    const opener = ts[i]!.lower.replace(/['’].*$/, '');
    if (opensSentence(i) && !isCapitalised(ts[i + 1] ?? ts[i]!) && wordRarity(opener) < EVERYDAY_OPENER) continue;
    let end = i + 1;
    // A name runs over capitalised words (and joiners) with only a space between: punctuation ends it.
    const spaced = (k: number) => ts[k]!.start - ts[k - 1]!.end === 1;
    while (
      end < ts.length &&
      spaced(end) &&
      (isCapitalised(ts[end]!) || (NAME_JOINERS.has(ts[end]!.lower) && ts[end + 1] && spaced(end + 1) && isCapitalised(ts[end + 1]!)))
    )
      end++;
    spans.push([i, end]);
    i = end - 1;
  }
  return spans;
}

/** A name without the title before it ("Mr Cherkasky" is Cherkasky). */
function withoutTitle(ts: readonly Token[], [from, to]: [number, number]): [number, number] {
  return [TITLES.has(ts[from]!.lower) && to - from > 1 ? from + 1 : from, to];
}

const spanText = (ts: readonly Token[], [from, to]: [number, number]) =>
  ts
    .slice(from, to)
    .map((t) => t.text)
    .join(' ');

/**
 * Words just before a name that say who it is, ending in a role word ("club manager", "staff photographer"); with
 * `comma`, also across a comma ("the club's head coach, Jane Okoro").
 */
function premodifier(ts: readonly Token[], from: number, text = '', comma = false): string {
  const before = from - 1;
  if (before < 0 || !PERSON_ROLE.test(ts[before]!.lower)) return '';
  const gap = text.slice(ts[before]!.end, ts[from]!.start);
  if (ts[from]!.start - ts[before]!.end > 1 && !(comma && /^,\s$/.test(gap))) return '';
  const words = [ts[before]!.text];
  for (let i = before - 1; i >= 0 && words.length < 4; i--) {
    const t = ts[i]!;
    if (NOT_NAMES.has(t.lower) || TITLES.has(t.lower) || SPEECH_VERB.test(t.lower) || ts[i + 1]!.start - t.end > 1) {
      // Set off by a comma, the role is a noun phrase of its own: "the manager, Martin Jol" is "the manager".
      if (comma && t.lower === 'the' && ts[i + 1]!.start - t.end === 1) words.unshift(t.text);
      break;
    }
    words.unshift(t.text);
  }
  return words.join(' ');
}

/**
 * ", the firm's deputy chief executive," or ", E&Y's UK head of tax," after a name: an appositive that says who it
 * is. It opens in lower case or with an owner's name; another capitalised word is a list of names.
 */
function appositive(text: string, end: number): string {
  const match = /^,\s+([^,.;:"“”]{3,80}?)(?=[,.;:]|\s+(?:said|says|added|told)\b|$)/u.exec(text.slice(end));
  const phrase = match?.[1]?.trim() ?? '';
  const opens = /^\p{Ll}/u.test(phrase) || (/^\S+['’]s\s.*\b\p{Ll}/u.test(phrase) && !/\b(and|or)\b/.test(phrase));
  return opens && !NOT_APPOSITIVE.test(phrase) && !SPEECH_VERB.test(phrase) ? phrase : '';
}

/** Counts opening and closing quote marks: whether a quote is still open at the end of the text. */
function quoteOpenAfter(text: string, openBefore: boolean): boolean {
  let open = openBefore;
  for (const ch of text) {
    if (ch === '“') open = true;
    else if (ch === '”') open = false;
    else if (ch === '"') open = !open;
  }
  return open;
}

/** A speaker as a reply names them: "Captain Tom Reyes" is Tom Reyes, the captain. */
function speakerOf(entity: Entity): Speaker {
  const words = entity.name.split(' ');
  let k = 0;
  while (k < words.length - 2 && PERSON_ROLE.test(words[k]!)) k++;
  return { name: words.slice(k).join(' '), role: entity.roles[0] ?? (k > 0 ? words.slice(0, k).join(' ') : null) };
}

/** For each token, whether it lies inside quotation marks (the sentence opening inside a quote when `openBefore`). */
function tokensInQuote(text: string, ts: readonly Token[], openBefore: boolean): boolean[] {
  let open = openBefore;
  let at = 0;
  return ts.map((t) => {
    open = quoteOpenAfter(text.slice(at, t.start), open);
    at = t.start;
    return open;
  });
}

interface SentenceReading {
  /** What the sentence is about, for the next sentence's "It" or "The show": its subject's name, or what its own opening refers to. */
  readonly topic: Entity | null;
  /** What its opening ("It", "They", "The annual event") refers to: the previous sentence's topic. */
  readonly anaphor: Entity | null;
  /** Whom the sentence quotes, when it says so itself ("X said", "he added"). */
  readonly attributed: Entity | null;
  /** Quoted words: it holds a quote mark, or a quote from an earlier sentence is still open. */
  readonly quoted: boolean;
  readonly referred: Entity | null;
  readonly mentioned: readonly Entity[];
}

export class PeopleTracker {
  private readonly entities: Entity[] = [];
  /** Who "he" or "the Dutchman" means next: the person most recently quoted or named as a subject. */
  private lastPerson: Entity | null = null;
  private lastEntity: Entity | null = null;
  /** What the last sentence was about: whom "It" or "The show" at the start of the next means. */
  private lastTopic: Entity | null = null;

  /**
   * For each sentence, in order: its context (the names and roles of whom it quotes or refers to, beyond its own
   * words) and its speaker.
   */
  read(sentences: readonly StorySentence[]): Array<{ context: string; speaker: Speaker | null }> {
    const readings: SentenceReading[] = [];
    let open = false;
    let paragraph = -1;
    for (const sentence of sentences) {
      // A quote left open at a paragraph's end goes on in the next only if that one opens with a quote mark.
      if (sentence.paragraph !== paragraph) open = false;
      paragraph = sentence.paragraph;
      const startsInQuote = open;
      open = quoteOpenAfter(sentence.text, open);
      readings.push(this.readSentence(sentence, startsInQuote));
    }
    const speakers = quoteSpeakers(sentences, readings);
    const acronyms = acronymsOf(sentences.map((s) => s.text));
    return sentences.map((s, i) => {
      const { referred, mentioned, anaphor } = readings[i]!;
      const speaker = speakers[i] ?? null;
      const context = [speaker, referred, anaphor, ...mentioned.filter((e) => e !== speaker)].filter((e): e is Entity => e !== null);
      const own = s.text.toLowerCase();
      const spelled = [...acronyms].flatMap(([short, long]) =>
        new RegExp(`\\b${short}\\b`, 'i').test(s.text) ? [long] : own.includes(long.toLowerCase()) ? [short] : [],
      );
      const words = [...context.flatMap((e) => [e.name, ...e.roles]), ...spelled].filter((w) => !own.includes(w.toLowerCase()));
      return {
        context: [...new Set(words)].join(' '),
        speaker: speaker ? speakerOf(speaker) : null,
      };
    });
  }

  private entity(name: string): Entity {
    const parts = name.toLowerCase().split(/\s+/);
    // "Cherkasky" or "Mr Cherkasky" is the "Michael Cherkasky" named before.
    const known = this.entities.find((e) => {
      const own = e.name.toLowerCase().split(/\s+/);
      return parts.every((w) => own.includes(w)) || own.every((w) => parts.includes(w));
    });
    if (known) return known;
    const entity: Entity = {
      name,
      roles: [],
      personLike: parts.length >= 2 && parts.length <= 4 && !/^\p{Lu}{2,}$/u.test(name.split(/\s+/)[0]!),
    };
    this.entities.push(entity);
    return entity;
  }

  private readSentence(sentence: StorySentence, startsInQuote: boolean): SentenceReading {
    const { text } = sentence;
    const ts = tokens(text);
    const mentioned: Entity[] = [];
    let descriptor: string | null = null;
    for (const span of nameSpans(ts, text)) {
      const [from, to] = span;
      // "the Dutchman said": someone already named, described.
      if (to - from === 1 && ts[from - 1]?.lower === 'the' && ts.slice(to, to + 2).some((t) => SPEECH_VERB.test(t.lower))) {
        descriptor = ts[from]!.text;
        continue;
      }
      const entity = this.entity(spanText(ts, withoutTitle(ts, span)));
      if (TITLES.has(ts[from]!.lower)) entity.personLike = true;
      for (const role of [premodifier(ts, from), appositive(text, ts[to - 1]!.end)]) {
        if (!role || entity.roles.includes(role)) continue;
        entity.roles.push(role);
        if (PERSON_ROLE.test(role)) entity.personLike = true;
      }
      mentioned.push(entity);
    }
    const quoted = startsInQuote || /["“”]/.test(text);
    // "It", "They", "The annual event", "The BBC show" at the start: what the previous sentence was about.
    const anaphor =
      ANAPHOR.test(text) && !mentioned.some((e) => e === mentioned[0] && ts[0] && text.startsWith(e.name)) ? this.lastTopic : null;
    const topic = anaphor ?? subjectOf(text, ts, mentioned) ?? this.lastTopic;
    this.lastTopic = topic;
    let attributed = this.attribution(text, ts, quoted, startsInQuote);
    if (!attributed && descriptor) attributed = this.lastPerson;
    if (attributed && descriptor && !attributed.roles.includes(descriptor)) attributed.roles.push(descriptor);
    const startsWithPronoun = PRONOUN.test(ts[0]?.lower ?? '');
    const referred =
      !attributed && (startsWithPronoun || (mentioned.length === 0 && ts.some((t) => PRONOUN.test(t.lower)))) ? this.lastPerson : null;

    // The sentence's main person: whom it quotes, whom its opening pronoun means, else the first person it names.
    // A name with a role for people ("Harbour Town manager Jane Okoro") over one that only looks like a person's.
    const named = mentioned.find((e) => e.personLike && e.roles.some((r) => PERSON_ROLE.test(r))) ?? mentioned.find((e) => e.personLike);
    const main = attributed ?? (startsWithPronoun ? referred : null) ?? named ?? null;
    if (main?.personLike || (main && main === attributed)) this.lastPerson = main;
    this.lastEntity = mentioned.at(-1) ?? this.lastEntity;
    return { topic, anaphor, attributed, quoted, referred, mentioned };
  }

  /** Whom the sentence itself says is speaking: a name at the speech verb, "he said", "the insurer said". */
  private attribution(text: string, ts: readonly Token[], quoted: boolean, startsInQuote: boolean): Entity | null {
    // A speech verb outside the quotation is the attribution, not one inside it ("“They have confirmed ...,” he said").
    const quotedAt = tokensInQuote(text, ts, startsInQuote);
    const outside = ts.findIndex((t, i) => SPEECH_VERB.test(t.lower) && !quotedAt[i]);
    const verb = outside >= 0 ? outside : ts.findIndex((t) => SPEECH_VERB.test(t.lower));
    if (verb < 0) return null;
    const spans = nameSpans(ts, text).filter(([from, to]) => !(to - from === 1 && ts[from - 1]?.lower === 'the'));
    const before = ts[verb - 1]?.lower ?? '';
    if (/^(he|she)$/.test(before)) return this.lastPerson;
    // "Kay Lee, the envoy to Spain, said": the name before the appositive, not the one ending it.
    if (verb > 0 && text.slice(ts[verb - 1]!.end, ts[verb]!.start).includes(',')) {
      for (let j = verb - 2; j >= 0 && verb - j <= 12; j--) {
        if (!text.slice(ts[j]!.end, ts[j + 1]!.start).includes(',')) continue;
        const named = spans.find(([, to]) => to === j + 1);
        if (named) return this.entity(spanText(ts, withoutTitle(ts, named)));
        break;
      }
    }
    // "Jol said", "Mr Cherkasky forecast": the subject just before the verb.
    const subject = spans.find(([, to]) => to === verb || (to === verb - 1 && /^(also|then|has|had|was)$/.test(before)));
    if (subject) return this.entity(spanText(ts, withoutTitle(ts, subject)));
    // "said Adam Vaughan, editor of ...", "said the club's Head Coach, Jane Okoro": the name just after the verb,
    // past a role written with capitals.
    const inverted = spans.find(
      ([from, to]) => from > verb && from <= verb + 8 && !ts.slice(from, to).every((t) => PERSON_ROLE.test(t.lower)),
    );
    if (inverted && /^(said|says|added|adds|told|asked|explained)$/.test(ts[verb]!.lower))
      return this.entity(spanText(ts, withoutTitle(ts, inverted)));
    if (ORGANISATION_NOUN.test(before) && ts[verb - 2]?.lower === 'the') return this.lastEntity;
    // "Robbie Keane, skipper for the night, said": the sentence's first name, before an appositive.
    const first = spans[0];
    if (first && first[1] < verb && verb - first[1] <= 12 && spans.every(([from]) => from < first[1] || from > verb))
      return this.entity(spanText(ts, withoutTitle(ts, first)));
    return quoted ? this.lastPerson : null;
  }
}

/**
 * The speaker of every quoted sentence: its own attribution, else the nearest in its run of quoted sentences
 * (the one before it, or the one that closes the quote after it: '"We had ... easy. It was ...," he said.').
 */
function quoteSpeakers(sentences: readonly StorySentence[], readings: readonly SentenceReading[]): Array<Entity | null> {
  const speakers = readings.map((r) => r.attributed);
  const inRun = (i: number) => readings[i]?.quoted === true && sentences[i]!.paragraph - sentences[i - 1]!.paragraph <= 1;
  for (let i = 0; i < readings.length; i++) {
    if (speakers[i] || !readings[i]!.quoted) continue;
    let before = i - 1;
    while (before >= 0 && !speakers[before] && inRun(before + 1) && readings[before]!.quoted) before--;
    let after = i + 1;
    while (after < readings.length && !readings[after]!.attributed && inRun(after)) after++;
    const fromBefore = before >= 0 && inRun(before + 1) && readings[before]!.quoted ? speakers[before] : null;
    const fromAfter =
      after < readings.length && inRun(after) && sentences[after]!.paragraph === sentences[i]!.paragraph
        ? readings[after]!.attributed
        : null;
    speakers[i] = fromBefore ?? fromAfter ?? null;
  }
  return speakers;
}

/** A sentence that opens by referring back: a pronoun, or a definite description without a name of its own. */
const ANAPHOR =
  /^["“]?(?:It|Its|They|Their|This|These|Those|The\s+(?:[\p{Ll}-]+\s+|\p{Lu}[\p{L}]*\s+(?=\p{Ll})){0,3}[\p{Ll}-]+(?:'s)?)\b(?!\s+of\b)/u;
/** Verbs and auxiliaries that end a sentence's subject ("Little Britain has triumphed"). */
const SUBJECT_END =
  /^(is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|shall|does|did|do|also|said|says|beat|beats|won|took|posted|blamed|agreed|became|began|made)$/;

/** The name the sentence is about: the last name before its first verb, else its first name. */
function subjectOf(text: string, ts: readonly Token[], mentioned: readonly Entity[]): Entity | null {
  if (mentioned.length === 0) return null;
  const end = ts.findIndex((t) => SUBJECT_END.test(t.lower) || t.lower.endsWith('ed'));
  if (end <= 0) return mentioned[0]!;
  // "The Budget, likely to be the last before the General Election, will be ...": the subject is before the aside.
  const before = ts
    .slice(0, end)
    .map((t) => t.text)
    .join(' ');
  const firstComma = ts.findIndex((t, i) => i < end && text.slice(t.end, t.end + 1).startsWith(','));
  if (firstComma >= 0) {
    const head = mentioned.filter((e) => ts.slice(0, firstComma + 1).some((t) => e.name.startsWith(t.text)));
    if (head.length > 0) return head.at(-1)!;
  }
  const inSubject = mentioned.filter((e) => before.includes(e.name.split(' ')[0]!));
  return inSubject.at(-1) ?? mentioned[0]!;
}

/** Initialisms the story spells out: "British Phonographic Industry (BPI)", or "BPI" whose letters start a name's words. */
export function acronymsOf(texts: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const all = texts.join(' ');
  for (const m of all.matchAll(/((?:\p{Lu}[\p{Ll}]+\s+){1,5}\p{Lu}[\p{Ll}]+)\s+\((\p{Lu}{2,6})\)/gu)) found.set(m[2]!, m[1]!);
  // Each capitalised phrase under its initials, the first phrase of the story for each: every capital of the
  // phrase, inner ones too ("PlayStation Portable" is P, S, P), or the first letters of its words.
  const phraseByInitials = new Map<string, string>();
  for (const [phrase] of all.matchAll(/(?:\p{Lu}[\p{L}]+\s+){1,5}\p{Lu}[\p{L}]+/gu)) {
    const capitals = phrase.replace(/[^\p{Lu}]/gu, '');
    const firstLetters = phrase
      .split(/\s+/)
      .map((w) => w[0])
      .join('');
    if (!phraseByInitials.has(capitals)) phraseByInitials.set(capitals, phrase);
    if (!phraseByInitials.has(firstLetters)) phraseByInitials.set(firstLetters, phrase);
  }
  for (const [short] of all.matchAll(/\b\p{Lu}{2,6}\b/gu)) {
    if (found.has(short)) continue;
    const phrase = phraseByInitials.get(short);
    if (phrase) found.set(short, phrase);
  }
  return found;
}

/** Whose words a sentence gives: the person it quotes, or who "said" it, as first named in full, with a role. */
export interface Speaker {
  readonly name: string;
  readonly role: string | null;
}

/**
 * Each sentence's context (the people it quotes or refers to by pronoun, with who they are) and speaker (null when it
 * quotes or reports no one).
 */
export function sentencePeople(sentences: readonly StorySentence[]): Array<{ context: string; speaker: Speaker | null }> {
  return new PeopleTracker().read(sentences);
}

/** A name in a sentence, with the words beside it that say who it is (null when the sentence doesn't say). */
export interface NamedInSentence {
  readonly name: string;
  readonly role: string | null;
}

/**
 * The names one sentence gives, each with its role there: "Harbour Town manager Jane Okoro", "Rosa Delgado, head
 * librarian of Millbrook,", "Councillor Priya Nair" (a capitalised role heading a first and last name).
 */
export function namesIn(text: string): NamedInSentence[] {
  const ts = tokens(text);
  return nameSpans(ts, text).map((span) => {
    const [from, to] = withoutTitle(ts, span);
    let heading = -1;
    // "Chancellor Ann Lee", not "Official Records Company".
    if (!ORGANISATION_NOUN.test(ts[to - 1]!.lower)) for (let i = from; i < to - 2; i++) if (PERSON_ROLE.test(ts[i]!.lower)) heading = i;
    // A possessive ending a name is not part of it ("Harbour Town's ground" names Harbour Town).
    const name = spanText(ts, [Math.max(from, heading + 1), to]).replace(/['’]s$/, '');
    const role =
      premodifier(ts, span[0]) ||
      appositive(text, ts[to - 1]!.end) ||
      (heading >= from ? spanText(ts, [from, heading + 1]) : '') ||
      premodifier(ts, span[0], text, true);
    return { name, role: role || null };
  });
}
