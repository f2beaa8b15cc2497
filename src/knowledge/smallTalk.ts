// The built-in small talk (greetings, thanks, help, who are you, what story is this) that every story gets:
// data in lexicon/small-talk.yaml, merged into the knowledge at load. A knowledge folder overrides an entry
// by giving its id, and its own phrasings win over the built-in ones.
import { readFileSync } from 'node:fs';
import { projectPath } from '../projectFiles.js';
import { questionKey } from '../language/text.js';
import { splitSentences } from '../language/sentences.js';
import type { QaEntry, Story } from './types.js';

export const SMALL_TALK_FILE = projectPath('lexicon', 'small-talk.yaml');

let smallTalkText: string | null = null;

/** The file's text, read once: it is part of the program, not of a knowledge folder. */
export function builtInSmallTalk(): { readonly file: string; readonly text: string } {
  smallTalkText ??= readFileSync(SMALL_TALK_FILE, 'utf8');
  return { file: SMALL_TALK_FILE, text: smallTalkText };
}

/**
 * The built-in entries the folder does not override: none with an id of the folder's, and none of the
 * phrasings the folder uses (its entry, fact or chat, is the one that knows the story). An entry whose
 * every phrasing is taken is left out.
 */
export function withoutOverridden(
  builtIn: readonly QaEntry[],
  own: readonly QaEntry[],
  /** The question keys of the folder's own phrasings. */
  ownKeys: ReadonlySet<string>,
): QaEntry[] {
  const ownIds = new Set(own.map((e) => e.id));
  return builtIn.flatMap((entry) => {
    if (ownIds.has(entry.id)) return [];
    const free = [entry.question, ...entry.alternates].filter((p) => !ownKeys.has(questionKey(p)));
    const [question, ...alternates] = free;
    return question === undefined ? [] : [{ ...entry, question, alternates }];
  });
}

/** The lead's first sentence: what the story is about when story.yaml has no summary. */
function summaryOf(story: Story): string {
  if (story.summary) return story.summary;
  const lead = story.paragraphs[0]?.text ?? '';
  return splitSentences(lead)[0]?.text ?? lead;
}

/** `{title}` and `{summary}` in a built-in answer, filled from the story. */
export function fillPlaceholders(entry: QaEntry, story: Story): QaEntry {
  const answer = entry.answer.replaceAll('{title}', story.title).replaceAll('{summary}', summaryOf(story));
  return answer === entry.answer ? entry : { ...entry, answer };
}
