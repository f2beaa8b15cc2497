// What a reload changed: entries added, removed or edited, or a different article altogether.
import { normaliseForQuote } from '../language/text.js';
import type { Knowledge, QaEntry } from '../knowledge/types.js';

export interface KnowledgeDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  readonly paragraphsBefore: number;
  readonly paragraphsAfter: number;
  readonly storyChanged: boolean;
  /** Set when the article was swapped for a different one: then the entry lists are a new story's, not edits. */
  readonly newStory?: { readonly titleBefore: string; readonly titleAfter: string };
}

function entryFingerprint(entry: QaEntry): string {
  return JSON.stringify([entry.kind, entry.question, entry.alternates, entry.answer, entry.quote?.text ?? null, entry.tags, entry.related]);
}

/**
 * A different article, not an edit of this one: fewer than half of the paragraphs of the longer of the two
 * are in the other, word for word. (An edit changes a few paragraphs, or adds some at the end.)
 */
function isDifferentArticle(before: Knowledge, after: Knowledge): boolean {
  const text = (k: Knowledge) => new Set(k.story.paragraphs.map((p) => normaliseForQuote(p.text)));
  const [a, b] = [text(before), text(after)];
  let shared = 0;
  for (const paragraph of a) if (b.has(paragraph)) shared++;
  return shared * 2 < Math.max(a.size, b.size);
}

export function diffKnowledge(before: Knowledge, after: Knowledge): KnowledgeDiff {
  const old = new Map(before.entries.map((e) => [e.id, entryFingerprint(e)]));
  const next = new Map(after.entries.map((e) => [e.id, entryFingerprint(e)]));
  const swapped = isDifferentArticle(before, after);
  return {
    ...(swapped ? { newStory: { titleBefore: before.story.title, titleAfter: after.story.title } } : {}),
    added: [...next.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !next.has(id)),
    changed: [...next.keys()].filter((id) => old.has(id) && old.get(id) !== next.get(id)),
    paragraphsBefore: before.story.paragraphs.length,
    paragraphsAfter: after.story.paragraphs.length,
    storyChanged: JSON.stringify(before.story) !== JSON.stringify(after.story),
  };
}
