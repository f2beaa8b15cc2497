// Chat basics ("hi", "thanks", "who are you"): the whole phrase, stopwords included, must match a chat entry.
import type { QaEntry } from '../knowledge/types.js';
import type { AnalyzedQuestion, AnswerIndex, ChatDoc } from './answerIndex.js';
import { stem } from '../language/stem.js';
import { THRESHOLDS, JOINED_SCORE, MAX_CHAT_STEMS, MAX_JOINED_STEMS, MAX_OPENING_CHAT_STEMS, RELATED_MIN_RARITY } from './tuning.js';
import { QUESTION_WORDS } from '../language/wordLists.js';
import { wordRarity } from '../language/wordRarity.js';

/** Words that pad a chat phrase without changing it: "hi there" is "hi", "thanks so much" is "thanks". */
const CHAT_PADDING: ReadonlySet<string> = new Set(
  [
    'there',
    'so',
    'much',
    'very',
    'just',
    'um',
    'uh',
    'guys',
    'everyone',
    'all',
    'man',
    'bro',
    'dude',
    'again',
    'a',
    'the',
    'lot',
    'everybody',
    'dear',
  ].map(stem),
);

interface ChatShape {
  /** Each phrasing's size without padding words. */
  readonly sizes: readonly number[];
  /** Every stem of the entry's phrasings. */
  readonly union: ReadonlySet<string>;
}

const shapes = new WeakMap<ChatDoc, ChatShape>();
const chatStems = new WeakMap<AnswerIndex, ReadonlySet<string>>();

/** Every stem of every chat phrasing of the knowledge. */
function chatStemsOf(index: AnswerIndex): ReadonlySet<string> {
  let stems = chatStems.get(index);
  if (!stems) {
    stems = new Set(index.chats.flatMap((chat) => [...shapeOf(chat).union]));
    chatStems.set(index, stems);
  }
  return stems;
}

function shapeOf(chat: ChatDoc): ChatShape {
  let shape = shapes.get(chat);
  if (!shape) {
    shape = {
      sizes: chat.phrasings.map((p) => [...p].filter((s) => !CHAT_PADDING.has(s)).length),
      union: new Set(chat.phrasings.flatMap((p) => [...p])),
    };
    shapes.set(chat, shape);
  }
  return shape;
}

export interface SmallTalkMatch {
  readonly entry: QaEntry;
  readonly score: number;
  /** Matched only by its words run together across the entry's phrasings, not by one phrasing. */
  readonly joined: boolean;
}

/**
 * A word of the story's own sentences that is not everyday English ("many" is both); the curated Q&A's phrasings
 * hold too many everyday words ("does the city still want the club's help") to count.
 */
function storyWord(q: AnalyzedQuestion, index: AnswerIndex, term: string): boolean {
  return (
    (index.passagesByTerm.has(term) || index.passageContextsByTerm.has(term)) &&
    wordRarity(q.surfaces.get(term) ?? term) >= RELATED_MIN_RARITY
  );
}

/**
 * The terms of a closing "in <place>" of a message asking about now ("... in gmt right now"), else none: read as
 * the question's own terms are, so an alias ("nyc" for New York) or a typo is the same term.
 */
function placeAskedNow(q: AnalyzedQuestion, index: AnswerIndex): ReadonlySet<string> {
  const words = q.words;
  const at = words.lastIndexOf('in');
  if (at < 0 || words.at(-1) !== 'now') return new Set();
  return new Set(index.analyzeQuestion(words.slice(at + 1, -1).join(' ')).terms);
}

export function smallTalkScore(q: AnalyzedQuestion, index: AnswerIndex): SmallTalkMatch | null {
  if (q.allStems.length > MAX_CHAT_STEMS) return null;
  const stems = new Set(q.allStems.filter((s) => !CHAT_PADDING.has(s)));
  if (stems.size === 0) return null;
  const content = q.terms.filter((t) => !CHAT_PADDING.has(t));
  // Every word of the story in the question must be part of the chat phrase: "hi, who trains the troops?" is not
  // chat. An everyday word beside the phrase ("thanks, super helpful", "how are you today") only lowers the score.
  // A place asked about now closes the phrase, whatever the story says of it: "what time is it in gmt right now"
  // asks the clock, though the story gives a time in GMT.
  const placeNow = placeAskedNow(q, index);
  const ofStory = content.filter((t) => storyWord(q, index, t) && !placeNow.has(t));
  let best: SmallTalkMatch | null = null;
  for (const chat of index.chats) {
    const { sizes, union } = shapeOf(chat);
    if (!ofStory.every((t) => union.has(t))) continue;
    for (const [i, phrasing] of chat.phrasings.entries()) {
      if (ofStory.some((t) => !phrasing.has(t))) continue;
      // Some of the question's own words must be the phrase's: "what time is it" is not "what is it about".
      if (content.length > 0 && !content.some((t) => phrasing.has(t))) continue;
      let shared = 0;
      for (const s of stems) if (phrasing.has(s)) shared++;
      const score = (2 * shared) / (stems.size + sizes[i]!);
      // With words of its own beside the phrase, only a close match is chat ("what time is it in new york" is not).
      if (score < THRESHOLDS.chat && content.some((t) => !phrasing.has(t))) continue;
      if (!best || score > best.score) best = { entry: chat.entry, score, joined: false };
    }
  }
  // Chat phrases run together, of one entry ("what can u do? help") or several ("hello, what can you
  // answer?"): the entry that holds most of the message answers it.
  if ((!best || best.score < JOINED_SCORE) && stems.size <= MAX_JOINED_STEMS) {
    const asked = [...stems];
    const unions = index.chats.map((chat) => ({ chat, union: shapeOf(chat).union }));
    // The content words must all be the answering entry's own: a story word makes the message a question.
    const holders = unions.filter(({ union }) => content.every((t) => union.has(t)));
    if (holders.length > 0 && asked.every((s) => unions.some(({ union }) => union.has(s)))) {
      const held = ({ union }: { union: ReadonlySet<string> }) => asked.filter((s) => union.has(s)).length;
      best = { entry: holders.reduce((a, b) => (held(b) > held(a) ? b : a)).chat.entry, score: JOINED_SCORE, joined: true };
    }
  }
  return best;
}

const QUESTION_STEMS: ReadonlySet<string> = new Set([...QUESTION_WORDS].map(stem));
/** Words that open a yes/no question: "did the mayor tweet about this lol" asks something. */
const AUXILIARY_STEMS: ReadonlySet<string> = new Set(
  ['is', 'are', 'was', 'were', 'did', 'does', 'do', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'should'].map(stem),
);

/**
 * A message that opens with a whole chat phrase and asks nothing else ("thanks, that's all I needed", "good night
 * everybody, see you tomorrow"): that phrase's entry, before any curated entry is weighed ("thx, that helped" is
 * not a fact about help; "who are you anyway, some kinda ai?"). The rest may not be a question (a question word,
 * "did ...") and nothing may use a word of the story; the phrase may be a question asked of the bot ("who are
 * you"). Only an opening: a closing "later" or "help" is as often part of a question ("anyone down for a game
 * later").
 */
export function openingSmallTalk(q: AnalyzedQuestion, index: AnswerIndex): QaEntry | null {
  const stems = q.allStems;
  if (stems.length > MAX_CHAT_STEMS || AUXILIARY_STEMS.has(stems[0] ?? '')) return null;
  if (q.terms.some((t) => storyWord(q, index, t))) return null;
  // The phrase says all of one phrasing, and nothing else but padding ("hello there dear" is "hello there").
  const entryOf = (phrase: readonly string[]) =>
    index.chats.find(({ phrasings }) =>
      phrasings.some((p) => [...p].every((s) => phrase.includes(s)) && phrase.every((s) => p.has(s) || CHAT_PADDING.has(s))),
    )?.entry ?? null;
  // Only a run of chat words can be the phrase: most questions end it at their first or second word.
  const chatWords = chatStemsOf(index);
  let run = 0;
  while (run < Math.min(MAX_OPENING_CHAT_STEMS, stems.length) && (chatWords.has(stems[run]!) || CHAT_PADDING.has(stems[run]!))) run++;
  for (let size = run; size >= 1; size--) {
    const rest = stems.slice(size);
    if (AUXILIARY_STEMS.has(rest[0] ?? '') || rest.some((s) => QUESTION_STEMS.has(s))) continue;
    const phrase = stems.slice(0, size);
    // Of chat questions only those asked of the bot open a message: "what happened, ..." asks about the story.
    if (phrase.some((s) => QUESTION_STEMS.has(s)) && !phrase.includes('you')) continue;
    const entry = entryOf(phrase);
    if (entry) return entry;
  }
  return null;
}
