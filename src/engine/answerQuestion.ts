// Decides what to say to a question: a curated answer, a story sentence, "did you mean", a chat reply, or an honest decline.
import { SPECIFIC_QUESTION_WORDS } from '../language/wordLists.js';
import { normaliseForQuote } from '../language/text.js';
import {
  LOOSE_NOT_IN_STORY_FACTOR,
  MAX_SUGGESTIONS,
  NOT_IN_STORY_PHRASING,
  QUESTION_TYPE_FACTOR,
  SERVER_TALK_FACTOR,
  THRESHOLDS,
  CLOSEST_SENTENCE,
} from './tuning.js';
import { isDraftedEntry, type QaEntry, type Quote, type StoryPart } from '../knowledge/types.js';
import { QUESTION_WORD_PREFIX, quotesSentence, type AnalyzedQuestion, type AnswerIndex, type Passage } from './answerIndex.js';
import { namesIn } from './speakers.js';
import { openingSmallTalk, smallTalkScore } from './smallTalkMatch.js';
import { askedAsWritten, placeOf, settleCloseCall } from './wording.js';
import { quoteContext } from './quoteContext.js';
import { rankEntries, type Candidate } from './ranking.js';
import { stem } from '../language/stem.js';
import { likeliestPassage, quotedSpan, shortAnswer, type PassageChoice, type SentenceSpan } from './passageAnswer.js';
import { CURATED_FEATURES, curatedFeatures } from './curatedFeatures.js';
import { questionEvidence } from './passageFeatures.js';
import { probability, trainedModel } from './trainedModels.js';
import { questionSentences } from './messageSentences.js';

export type AnswerBand = 'answer' | 'suggest' | 'decline' | 'chat';

export interface Suggestion {
  readonly entryId: string;
  readonly question: string;
  readonly score: number;
}

export interface AnswerResult {
  /** True only when the reply gives a fact of the story with its quote. */
  readonly answered: boolean;
  readonly band: AnswerBand;
  readonly answer: string | null;
  readonly quote: string | null;
  /** The sentences around the quote, the quote included. */
  readonly context: string | null;
  readonly paragraph: number | null;
  /** Which part of the story the quote is from: a paragraph, or the title, subtitle or photo caption. */
  readonly part: StoryPart | null;
  /** Confidence of the best match, 0..1. */
  readonly score: number;
  readonly source: 'qa' | 'passage' | 'chat' | null;
  readonly entryId: string | null;
  /** The curated entry the question came closest to, whatever the band: what moderators look at. */
  readonly closestEntryId: string | null;
  /**
   * On a decline with nothing better to offer, the story sentence likeliest to answer, when the passage model gives
   * it at least CLOSEST_SENTENCE: shown as "the closest the story comes", never as an answer.
   */
  readonly closestSentence: { readonly text: string; readonly paragraph: number } | null;
  readonly suggestions: readonly Suggestion[];
  /** Why it declined, when it did: nothing asked, nothing matched, or a question the knowledge says the story doesn't answer. */
  readonly reason: 'empty' | 'no-match' | 'not-in-story' | null;
  /** What decided, and on what evidence: for moderators (`/kb test`) and `ask --json`. */
  readonly why: DecisionWhy;
}

/** The evidence behind a decision. */
export interface DecisionWhy {
  /** The curated entry weighed (the rules' winner, else the best), its score, and the decision model's view of it. */
  readonly curated: {
    readonly entryId: string;
    readonly score: number;
    readonly probability: number;
    readonly threshold: number;
    readonly features: Readonly<Record<string, number>>;
  } | null;
  /** The story sentence the passage model found likeliest, its probability and the features it weighed. */
  readonly passage: {
    readonly paragraph: number;
    readonly sentence: string;
    readonly probability: number;
    readonly threshold: number;
    readonly features: Readonly<Record<string, number>>;
  } | null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function whyOf(inputs: DecisionInputs, index: AnswerIndex): DecisionWhy {
  const { curated, passage } = inputs;
  return {
    curated: curated
      ? {
          entryId: index.facts[curated.candidate.id]!.entry.id,
          score: round(curated.candidate.score),
          probability: round(curated.probability),
          threshold: round(curatedModel().threshold),
          features: Object.fromEntries(CURATED_FEATURES.map((name, i) => [name, round(curated.features[i]!)])),
        }
      : null,
    passage: passage
      ? {
          paragraph: passage.passage.paragraph,
          sentence: passage.passage.text,
          probability: round(passage.probability),
          threshold: round(passage.threshold),
          features: passage.features,
        }
      : null,
  };
}

function fromQuote(quote: Quote, index: AnswerIndex) {
  return { quote: quote.text, context: quoteContext(index, quote), paragraph: quote.paragraph, part: quote.part };
}

/** A reply that quotes nothing: a decline, "did you mean", or chat. */
function withoutQuote(
  fields: Pick<Decision, 'band' | 'answer' | 'source' | 'entryId' | 'suggestions' | 'reason'>,
  score: number,
): Decision {
  return { answered: false, quote: null, context: null, paragraph: null, part: null, score: round(score), ...fields };
}

/** A decline, or "did you mean" when there are suggestions to offer. */
function declineOrSuggest(reason: 'empty' | 'no-match', score: number, suggestions: Suggestion[] = []): Decision {
  const suggest = suggestions.length > 0;
  return withoutQuote(
    { band: suggest ? 'suggest' : 'decline', answer: null, source: null, entryId: null, suggestions, reason: suggest ? null : reason },
    score,
  );
}

type Decision = Omit<AnswerResult, 'closestEntryId' | 'closestSentence' | 'why'>;

// "how do I ...", "can I ...", "what roles can I pick": a request about the asker's own situation (a
// server's roles, permissions, settings), which a news story rarely answers even when words overlap.
// "Can I ask ..." is only politeness; "give me", "can you get me ..." ask the bot for something for the asker.
const PERSONAL_REQUEST =
  /(^| )((do|can|could|should|may) i( (?!ask|know)|$)|give me( |$)|(can|could|will) you (give|get|make|add|assign|set) me( |$))/;

function discountQuestionTypeMismatch(index: AnswerIndex, entries: Candidate[], question: AnalyzedQuestion): Candidate[] {
  const asked = question.questionWords.filter((w) => SPECIFIC_QUESTION_WORDS.includes(w)).map((w) => QUESTION_WORD_PREFIX + w);
  if (asked.length === 0) return entries;
  return entries.map((c) =>
    asked.some((w) => index.facts[c.id]!.vocabulary.has(w)) ? c : { ...c, score: c.score * QUESTION_TYPE_FACTOR },
  );
}

// Words about the chat itself ("is general chat dead", "who are the mods in this server"), and questions put
// to the room ("anyone got summer plans?"): about the server and its people, not the story, even when a story
// word ("general", "summer") appears in them. Not "everyone": "did the city tell everyone to leave" is a story's.
const CHAT_PLATFORM = new Set(
  [
    'anyone',
    'anybody',
    'yall',
    'server',
    'bot',
    'channel',
    'chat',
    'discord',
    'mod',
    'mods',
    'moderator',
    'admin',
    'emoji',
    'nitro',
    'pfp',
    'nickname',
    'dm',
    'dms',
    'ping',
    'vc',
  ].map(stem),
);

const serverTalk = new WeakMap<AnalyzedQuestion, boolean>();

export function isServerTalk(question: AnalyzedQuestion): boolean {
  let found = serverTalk.get(question);
  if (found === undefined) {
    found = question.allStems.some((s) => CHAT_PLATFORM.has(s)) || PERSONAL_REQUEST.test(question.allStems.join(' '));
    serverTalk.set(question, found);
  }
  return found;
}

/** Curated entries and story sentences alike weigh less for talk about the server or a personal request. */
function discountServerTalk<C extends Candidate>(candidates: C[], question: AnalyzedQuestion): C[] {
  if (!isServerTalk(question)) return candidates;
  return candidates.map((c) => ({ ...c, score: c.score * SERVER_TALK_FACTOR }));
}

function discountLooseNotInStory(index: AnswerIndex, entries: Candidate[]): Candidate[] {
  return entries.map((c) =>
    index.facts[c.id]!.entry.kind === 'not-in-story' && c.phrasingMatch < NOT_IN_STORY_PHRASING
      ? { ...c, score: c.score * LOOSE_NOT_IN_STORY_FACTOR }
      : c,
  );
}

/** Curated entries for a question as the answer weighs them: ranked, then the discounts above applied. */
export function rankForAnswer(index: AnswerIndex, question: string | AnalyzedQuestion): Candidate[] {
  const q = typeof question === 'string' ? index.analyzeQuestion(question) : question;
  // Best first after every discount, sorted once: a discounted entry must not stay first by its ranking score.
  const discounted = discountQuestionTypeMismatch(index, discountLooseNotInStory(index, discountServerTalk(rankEntries(index, q), q)), q);
  return discounted.sort((a, b) => b.score - a.score);
}

/** The curated decision model: how likely acting on the curated candidate is right. */
export const curatedModel = () => trainedModel('curated', CURATED_FEATURES);

/** Everything the decision weighs, read once per question. */
export interface DecisionInputs {
  readonly entries: readonly Candidate[];
  readonly passage: PassageChoice | null;
  readonly chat: { readonly entry: QaEntry; readonly score: number } | null;
  /** The curated entry the decision model weighs (the rules' winner, else the best), with its features and probability. */
  readonly curated: { readonly candidate: Candidate; readonly features: readonly number[]; readonly probability: number } | null;
}

/** The curated candidate the decision model weighs (the rules' winner, else the best entry) and its features. */
export function curatedEvidence(
  index: AnswerIndex,
  q: AnalyzedQuestion,
  entries: readonly Candidate[],
  passage: PassageChoice | null,
): { readonly candidate: Candidate; readonly features: readonly number[] } | null {
  const winner = ruleWinner(index, q, entries);
  const candidate = winner ?? entries[0];
  if (!candidate) return null;
  const context = {
    entries,
    winner,
    passage,
    serverTalk: isServerTalk(q),
    evidence: questionEvidence(index, q),
  };
  return { candidate, features: curatedFeatures(index, candidate, context) };
}

export function decisionInputs(index: AnswerIndex, q: AnalyzedQuestion): DecisionInputs {
  const entries = rankForAnswer(index, q);
  const passage = likeliestPassage(index, q, THRESHOLDS.passageWithCurated);
  const chat = smallTalkScore(q, index);
  const evidence = curatedEvidence(index, q, entries, passage);
  const curated = evidence ? { ...evidence, probability: probability(curatedModel(), evidence.features) } : null;
  return { entries, passage, chat, curated };
}

export function answerQuestion(index: AnswerIndex, question: string): AnswerResult {
  return answerMessage(index, question).result;
}

/** A message's answer, with the reading it was decided on: the whole message's, or its answered sentence's. */
export interface MessageAnswer {
  readonly result: AnswerResult;
  readonly inputs: DecisionInputs;
  readonly q: AnalyzedQuestion;
}

/**
 * The answer to a message as typed. One not answered whole, of a question and an aside ("did the library reopen?
 * i walked past and it looked shut"), is answered by its question sentence alone when that is answered,
 * or is one the moderators say the story doesn't answer.
 */
export function answerMessage(index: AnswerIndex, text: string): MessageAnswer {
  const q = index.analyzeQuestion(text);
  const whole = { ...answerAnalyzed(index, q), q };
  return settled(whole.result) ? whole : (answerQuestionSentence(index, text) ?? whole);
}

/**
 * The first question sentence of a message of several that is answered alone (see answerMessage); else, when the
 * message opens with a chat question ("who are you? human or bot?"), its chat reply; else null.
 */
export function answerQuestionSentence(index: AnswerIndex, text: string): MessageAnswer | null {
  let opening: MessageAnswer | null = null;
  for (const [i, q] of questionSentences(index, text).entries()) {
    const answered = { ...answerAnalyzed(index, q), q };
    if (decisive(answered.result)) return answered;
    if (i === 0 && answered.result.band === 'chat') opening = answered;
  }
  return opening;
}

/** An answer, or a decline in the moderators' words ("the story doesn't say how old he is"). */
export function decisive(result: AnswerResult): boolean {
  return result.band === 'answer' || (result.band === 'decline' && result.reason === 'not-in-story');
}

/** A decisive result or a chat reply: nothing a part of the message would better. */
export function settled(result: AnswerResult): boolean {
  return decisive(result) || result.band === 'chat';
}

/** The answer to a question already read, with the evidence it was decided on. */
export function answerAnalyzed(index: AnswerIndex, q: AnalyzedQuestion): { result: AnswerResult; inputs: DecisionInputs } {
  // The question is read once; every ranking below works on that reading.
  const inputs = decisionInputs(index, q);
  const closest = inputs.entries[0] ? index.facts[inputs.entries[0].id]!.entry.id : null;
  const decision = decide(index, q, inputs);
  return {
    result: { ...decision, closestEntryId: closest, closestSentence: closestSentence(decision, inputs), why: whyOf(inputs, index) },
    inputs,
  };
}

/** The sentence a plain decline offers as the closest the story comes (see AnswerResult.closestSentence). */
function closestSentence(decision: Decision, inputs: DecisionInputs): AnswerResult['closestSentence'] {
  const { passage } = inputs;
  // A sentence a curated fact quotes is the moderators' to offer: their entry did not match, so neither does it.
  if (decision.band !== 'decline' || decision.reason !== 'no-match' || !passage || passage.quotedByCurated) return null;
  if (passage.probability < CLOSEST_SENTENCE) return null;
  return { text: passage.passage.text, paragraph: passage.passage.paragraph };
}

/** A question the moderators know the story doesn't answer: their words say so, and which fact is close. */
function notInStory(entry: QaEntry, score: number): Decision {
  return withoutQuote(
    { band: 'decline', answer: entry.answer, source: null, entryId: entry.id, suggestions: [], reason: 'not-in-story' },
    score,
  );
}

function chatReply(chat: { entry: QaEntry; score: number }): Decision {
  return withoutQuote(
    { band: 'chat', answer: chat.entry.answer, source: 'chat', entryId: chat.entry.id, suggestions: [], reason: null },
    chat.score,
  );
}

/** The best entry when it is confident and clear of the runner-up, or when wording settles the close call. */
function confidentWinner(index: AnswerIndex, question: AnalyzedQuestion, entries: readonly Candidate[]): Candidate | null {
  const best = entries[0]!;
  if (best.score < THRESHOLDS.confident) return null;
  // A close call is only between different answers: two entries quoting the same place agree.
  const place = placeOf(index.facts[best.id]!.entry);
  const rival = entries.find((c) => placeOf(index.facts[c.id]!.entry) !== place);
  return !rival || best.score - rival.score >= THRESHOLDS.margin ? best : settleCloseCall(index, question, entries, THRESHOLDS.margin);
}

/** The entry the curated rules act on: confident and clear, settled by wording, or asked as written; else null. */
export function ruleWinner(index: AnswerIndex, question: AnalyzedQuestion, entries: readonly Candidate[]): Candidate | null {
  const best = entries[0];
  if (!best) return null;
  // Word for word only rescues a weak score: between strong matches, the extra small words of the question
  // ("who's the general that got killed" against "who killed the general") are not filler.
  return confidentWinner(index, question, entries) ?? (best.score < THRESHOLDS.confident ? askedAsWritten(index, question, entries) : null);
}

/**
 * A not-in-story entry declines only questions asked nearly as one of its phrasings is written: together its
 * phrasings' words cover facts the story does state. A rule kept on top of the model: on the held-out sets it
 * changes nothing, and it keeps a broadly worded entry from declining answerable questions.
 */
function vetoedByRules(index: AnswerIndex, candidate: Candidate): boolean {
  return index.facts[candidate.id]!.entry.kind === 'not-in-story' && candidate.phrasingMatch < NOT_IN_STORY_PHRASING;
}

/**
 * Whether to act on the curated entry the model weighed: when it is likely right, and the ranking found the question's
 * own words in it at all (a score of 0: no content word in common, whatever the other features say).
 */
function actsOn(curated: NonNullable<DecisionInputs['curated']>): boolean {
  return curated.probability >= curatedModel().threshold && curated.candidate.score > 0;
}

function decide(index: AnswerIndex, question: AnalyzedQuestion, inputs: DecisionInputs): Decision {
  const { entries, passage, chat, curated } = inputs;
  const best = entries[0];
  const factOf = (c: Candidate) => index.facts[c.id]!.entry;
  // A message that is a chat phrase as a whole ("help", "thanks!") gets the chat reply, even when a fact's
  // phrasing shares its word ("does the city still want the club's help").
  if (chat && chat.score >= THRESHOLDS.wholeChat) return chatReply(chat);
  // A message opening with a chat phrase that asks nothing and names nothing of the story ("thx bot that helped
  // a lot"): the chat reply, not a fact that shares an everyday word with it.
  const opening = openingSmallTalk(question, index);
  if (opening) return chatReply({ entry: opening, score: chat?.score ?? 0 });

  // The curated entry, when the decision model says acting on it is likely right.
  if (curated && actsOn(curated) && !vetoedByRules(index, curated.candidate) && !yieldsToPassage(factOf(curated.candidate), passage)) {
    const entry = factOf(curated.candidate);
    if (entry.kind === 'not-in-story') return notInStory(entry, curated.candidate.score);
    return {
      answered: true,
      band: 'answer',
      answer: entry.answer,
      ...fromQuote(entry.quote!, index),
      score: round(curated.candidate.score),
      source: 'qa',
      entryId: entry.id,
      suggestions: [],
      reason: null,
    };
  }

  if (chat && chat.score >= THRESHOLDS.chat) return chatReply(chat);

  // The story's own sentences, where no curated entry answers: the passage model decides.
  if (passage && passage.probability >= passage.threshold) {
    return passageAnswer(index, question, passage);
  }

  // Only facts are offered: "did you mean <a question the story doesn't answer>?" helps nobody.
  const suggestions = entries
    .filter((c) => c.score >= THRESHOLDS.suggest && factOf(c).kind === 'fact')
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => ({ entryId: factOf(c).id, question: factOf(c).question, score: round(c.score) }));
  // A decline says how close the best candidate came, curated entry or sentence.
  const closest = Math.max(best?.score ?? 0, passage?.probability ?? 0);
  if (!best && !passage) return declineOrSuggest(question.allStems.length === 0 ? 'empty' : 'no-match', 0);
  return declineOrSuggest('no-match', closest, suggestions);
}

/**
 * A drafted entry gives way to a story sentence the passage model answers with on its own, when the entry quotes
 * another: the model was trained on moderators' Q&A, and takes a draft's entries, which know few ways of asking,
 * for them ("what shows did she win for" is not the drafted "what did the show also win"). Measured on the corpus
 * articles with their drafts accepted: held-out sets a-c 39.8% -> 42.7% answerable, no question declined less.
 */
function yieldsToPassage(entry: QaEntry, passage: PassageChoice | null): boolean {
  if (!isDraftedEntry(entry) || !passage || passage.probability < passage.threshold) return false;
  return !quotesSentence(entry.quote, passage.passage);
}

function passageAnswer(index: AnswerIndex, question: AnalyzedQuestion, choice: PassageChoice): Decision {
  return sentenceAnswer(index, quotedSpan(index, choice), shortAnswer(question, choice.passage), choice.probability);
}

/** An answer quoting a story sentence (or two), with a short answer taken from it (or none). */
function sentenceAnswer(index: AnswerIndex, passage: SentenceSpan, short: string | null, score: number): Decision {
  const quote: Quote = { text: passage.text, part: 'paragraph', paragraph: passage.paragraph, start: passage.start, end: passage.end };
  return {
    answered: true,
    band: 'answer',
    answer: short ? `${short}. Paragraph ${passage.paragraph} of the story says:` : `Paragraph ${passage.paragraph} of the story says:`,
    ...fromQuote(quote, index),
    score: round(score),
    source: 'passage',
    entryId: null,
    suggestions: [],
    reason: null,
  };
}

/** A story sentence an answer quoted (a span of paragraph `paragraph`), and how confident that answer was. */
export interface AnsweredSentence {
  readonly paragraph: number;
  readonly quote: string;
  readonly score?: number;
}

/**
 * "Who said that?" about an answer: the person whose words its sentence gives, quoting the sentence that names them
 * (the answer's own, or the nearest before it: '"...," he said' names no one). Null when the sentence quotes no one.
 */
export function speakerAnswer(index: AnswerIndex, answered: AnsweredSentence | null): AnswerResult | null {
  if (!answered) return null;
  const at = sentenceOf(index, answered);
  const speaker = index.passages[at]?.speaker;
  if (!speaker) return null;
  const surname = speaker.name.split(' ').at(-1)!;
  // The nearest sentence at or before it naming them in full, else by surname ("Mr Lee"), else its own.
  const nearest = (names: (p: Passage) => boolean) => {
    for (let i = at; i >= 0; i--) if (names(index.passages[i]!)) return index.passages[i]!;
    return null;
  };
  const passage = nearest((p) => p.text.includes(speaker.name)) ?? nearest((p) => p.text.includes(surname)) ?? index.passages[at]!;
  const role = speaker.role ?? namesIn(passage.text).find((n) => n.name.endsWith(surname))?.role ?? null;
  const who = role ? `${speaker.name}, ${role.replace(/^The\b/, 'the')}` : speaker.name;
  return readFromStory(index, passage, who, answered);
}

/** An answer about the last one's sentence, with that answer's confidence: not weighed by a model, but read from the story (whose words a sentence gives). */
function readFromStory(index: AnswerIndex, passage: Passage, short: string | null, answered: AnsweredSentence): AnswerResult {
  const why: DecisionWhy = { curated: null, passage: null };
  return { ...sentenceAnswer(index, passage, short, answered.score ?? 1), closestEntryId: null, closestSentence: null, why };
}

/** The story sentence an answer quoted: where its quote starts (a curated quote may straighten quote marks, or run over two sentences); -1 if none. */
function sentenceOf(index: AnswerIndex, answered: AnsweredSentence): number {
  const quote = normaliseForQuote(answered.quote);
  return index.passages.findIndex((p) => {
    const text = normaliseForQuote(p.text);
    return p.paragraph === answered.paragraph && (text.includes(quote.slice(0, 40)) || quote.includes(text.slice(0, 40)));
  });
}

/**
 * "What else did he say?" after an answer quoting someone: their next words in the story after that sentence, else
 * their last before it; null when the sentence quotes no one or they say nothing else.
 */
export function moreFromSpeaker(index: AnswerIndex, answered: AnsweredSentence | null): AnswerResult | null {
  if (!answered) return null;
  const at = sentenceOf(index, answered);
  const name = index.passages[at]?.speaker?.name;
  if (!name) return null;
  const theirs = (i: number) => i !== at && index.passages[i]!.speaker?.name === name;
  let next = index.passages.findIndex((_, i) => i > at && theirs(i));
  if (next < 0) next = index.passages.findLastIndex((_, i) => i < at && theirs(i));
  if (next < 0) return null;
  return readFromStory(index, index.passages[next]!, null, answered);
}

/** The answer of one curated entry, as if it had been matched exactly ("did you mean" buttons). */
export function answerForEntry(index: AnswerIndex, entryId: string): AnswerResult | null {
  const fact = index.facts.find((f) => f.entry.id === entryId);
  if (!fact) return null;
  const entry = fact.entry;
  const why: DecisionWhy = { curated: { entryId: entry.id, score: 1, probability: 1, threshold: 1, features: {} }, passage: null };
  if (entry.kind === 'not-in-story') return { ...notInStory(entry, 1), closestEntryId: entry.id, closestSentence: null, why };
  return {
    why,
    answered: true,
    band: 'answer',
    answer: entry.answer,
    ...fromQuote(entry.quote!, index),
    score: 1,
    source: 'qa',
    entryId: entry.id,
    closestEntryId: entry.id,
    closestSentence: null,
    suggestions: [],
    reason: null,
  };
}
