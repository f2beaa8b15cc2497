// Chat basics ("hi", "thanks", "who are you"): the whole phrase, stopwords included, must match a chat entry.
import type { QaEntry } from '../knowledge/types.js';
import type { AnalyzedQuestion, AnswerIndex } from './answerIndex.js';
import { stem } from './stem.js';

/** Words that pad a chat phrase without changing it: "hi there" is "hi", "thanks so much" is "thanks". */
const CHAT_PADDING: ReadonlySet<string> = new Set(
  [
    'there',
    'so',
    'much',
    'very',
    'just',
    'ok',
    'okay',
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
    'lol',
  ].map(stem),
);

const MAX_JOINED_STEMS = 8;
const JOINED_SCORE = 0.9;

export function chatScore(q: AnalyzedQuestion, index: AnswerIndex): { entry: QaEntry; score: number } | null {
  const stems = new Set(q.allStems.filter((s) => !CHAT_PADDING.has(s)));
  if (stems.size === 0) return null;
  let best: { entry: QaEntry; score: number } | null = null;
  for (const chat of index.chats) {
    // Two chat phrases of one entry run together ("what can u do? help") are that entry as a whole.
    if (stems.size <= MAX_JOINED_STEMS && [...stems].every((s) => chat.phrasings.some((p) => p.has(s)))) {
      if (!best || JOINED_SCORE > best.score) best = { entry: chat.entry, score: JOINED_SCORE };
    }
    for (const phrasing of chat.phrasings) {
      // Every content word of the question must be part of the chat phrase: "hi, who trains the troops?" is not chat.
      if (q.terms.some((t) => !phrasing.has(t) && !CHAT_PADDING.has(t))) continue;
      let shared = 0;
      for (const s of stems) if (phrasing.has(s)) shared++;
      const padded = [...phrasing].filter((s) => CHAT_PADDING.has(s)).length;
      const score = (2 * shared) / (stems.size + phrasing.size - padded);
      if (!best || score > best.score) best = { entry: chat.entry, score };
    }
  }
  return best;
}
