// Drafts curated Q&A entries from the article (`npm run knowledge:draft`): the questions people are likely to ask,
// a few other ways to ask each, a short answer and the verbatim quote. The draft is checked as the bot would
// load it (every entry valid, every phrasing reaching its entry, no curated phrasing taken) before a
// moderator sees it; it is written where the bot doesn't read it until the moderator accepts it.
import path from 'node:path';
import { answerQuestion } from '../engine/answerQuestion.js';
import { splitSentences } from '../language/sentences.js';
import { questionKey } from '../language/text.js';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import { buildSnapshot, type KnowledgeSnapshot } from '../store/knowledgeStore.js';
import { reachesEntry } from './phrasingReach.js';
import { draftQuestions, type DraftingContext, type DraftKind } from './questionDrafting.js';
import { ENTRY_ID_PATTERN } from '../knowledge/schema.js';
import { KNOWLEDGE_FILES, type Knowledge } from '../knowledge/types.js';
import { validateKnowledge, type KnowledgeSources } from '../knowledge/validateKnowledge.js';
import { singleQuoted } from '../knowledge/yamlErrorHints.js';

export interface DraftEntry {
  readonly id: string;
  readonly kind: DraftKind;
  readonly question: string;
  readonly alternates: readonly string[];
  readonly answer: string;
  /** An exact span of the paragraph. */
  readonly quote: string;
  readonly paragraph: number;
}

/** A draft of more entries than this is more than a moderator reviews with care. */
export const MAX_DRAFT_ENTRIES = 40;
const MAX_PER_SENTENCE = 3;
const MAX_ALTERNATES = 4;

const ID_FILLER = new Set([
  'the',
  'a',
  'an',
  'did',
  'does',
  'do',
  'is',
  'are',
  'was',
  'were',
  'will',
  'has',
  'have',
  'had',
  'to',
  'of',
  'in',
  'on',
  'at',
]);

function idFor(question: string, taken: Set<string>): string {
  const words = questionKey(question)
    .split(' ')
    .filter((w) => !ID_FILLER.has(w) && /^[a-z0-9]+$/.test(w))
    .slice(0, 6);
  const base = words.join('-') || 'drafted';
  let id = base;
  for (let n = 2; taken.has(id) || !ENTRY_ID_PATTERN.test(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** Every draft the article's sentences give, in the article's order, with phrasings no other entry uses. */
export function draftEntries(knowledge: Knowledge, max = MAX_DRAFT_ENTRIES): DraftEntry[] {
  const context: DraftingContext = { lastSpeaker: null, askedAbout: new Set() };
  const keys = new Set(knowledge.entries.flatMap((e) => [e.question, ...e.alternates].map(questionKey)));
  const ids = new Set(knowledge.entries.map((e) => e.id));
  const entries: DraftEntry[] = [];
  for (const paragraph of knowledge.story.paragraphs) {
    for (const sentence of splitSentences(paragraph.text)) {
      for (const draft of draftQuestions(sentence.text, context).slice(0, MAX_PER_SENTENCE)) {
        const phrasings = [draft.question, ...draft.alternates].filter((p) => {
          const key = questionKey(p);
          if (key.length === 0 || keys.has(key)) return false;
          keys.add(key);
          return true;
        });
        const [question, ...alternates] = phrasings;
        if (question === undefined || question.length > 100) continue;
        const quote = paragraph.text.slice(sentence.start + draft.start, sentence.start + draft.end);
        entries.push({
          id: idFor(question, ids),
          kind: draft.kind,
          question: question.charAt(0).toUpperCase() + question.slice(1),
          alternates: alternates.slice(0, MAX_ALTERNATES),
          answer: draft.answer,
          quote,
          paragraph: paragraph.number,
        });
      }
    }
  }
  return entries.slice(0, max);
}

const DRAFT_HEADER = `# DRAFT curated Q&A, written by npm run knowledge:draft from article.txt. THE BOT DOES NOT READ THIS FILE.
# Review every entry: would people ask this? Is the answer right, short, in your words? Does the quote prove it?
# Edit what needs it, delete what is wrong or not worth asking, add ways people ask to "alternates". Then
#   npm run knowledge:draft -- --accept      checks it and moves it to qa/drafted.yaml
# and /reload. Each quote is copied from the article: keep it an exact span of one line of article.txt.
# As it stands the draft passes npm run knowledge:check, and every phrasing reaches its own entry.
`;

/** The draft as a Q&A file: single-quoted values (safe for any text), each entry under its paragraph number. */
export function draftYaml(entries: readonly DraftEntry[]): string {
  if (entries.length === 0) return `${DRAFT_HEADER}\nentries: []\n`;
  const lines = [DRAFT_HEADER, 'entries:'];
  let paragraph = 0;
  for (const entry of entries) {
    if (entry.paragraph !== paragraph) {
      paragraph = entry.paragraph;
      lines.push(`  # ---------------------------------------------------------------- paragraph ${paragraph}`);
    }
    const question = `${entry.question.charAt(0).toUpperCase()}${entry.question.slice(1).replace(/\??$/, '?')}`;
    lines.push(`  - id: ${entry.id}`, `    question: ${singleQuoted(question)}`);
    if (entry.alternates.length > 0) lines.push('    alternates:', ...entry.alternates.map((a) => `      - ${singleQuoted(a)}`));
    lines.push(`    answer: ${singleQuoted(entry.answer)}`, `    quote: ${singleQuoted(entry.quote)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The folder with the draft added as if accepted: a Q&A file at qa/drafted.yaml. */
export function sourcesWithDraft(sources: KnowledgeSources, yaml: string): KnowledgeSources {
  const parts = (sources.qaParts ?? []).filter((p) => p.name !== path.normalize(KNOWLEDGE_FILES.acceptedDraft));
  return { ...sources, qaParts: [...parts, { name: path.normalize(KNOWLEDGE_FILES.acceptedDraft), text: yaml }] };
}

/** The entries that load with the folder: each one a problem names is dropped. */
function loadingEntries(sources: KnowledgeSources, entries: readonly DraftEntry[]): { entries: DraftEntry[]; snapshot: KnowledgeSnapshot } {
  const draftFile = path.join(sources.dir, KNOWLEDGE_FILES.acceptedDraft);
  let kept = [...entries];
  for (;;) {
    try {
      return { entries: kept, snapshot: buildSnapshot(validateKnowledge(sourcesWithDraft(sources, draftYaml(kept)))) };
    } catch (error) {
      if (!(error instanceof KnowledgeError)) throw error;
      const bad = new Set(error.problems.filter((p) => p.file === draftFile && p.entry !== null).map((p) => p.entry));
      // A problem outside the draft is the folder's own: the draft can't fix it.
      if (bad.size === 0 || error.problems.some((p) => p.file !== draftFile)) throw error;
      kept = kept.filter((e) => !bad.has(e.id));
    }
  }
}

/** Keeps the phrasings the engine answers with their own entry; an entry none of whose phrasings does is dropped. */
function reachingEntries(snapshot: KnowledgeSnapshot, entries: readonly DraftEntry[]): DraftEntry[] {
  const loaded = new Map(snapshot.knowledge.entries.map((e) => [e.id, e]));
  return entries.flatMap((entry) => {
    const own = loaded.get(entry.id);
    if (!own) return [];
    const reaching = [entry.question, ...entry.alternates].filter((p) => reachesEntry(own, answerQuestion(snapshot.index, p)));
    const [question, ...alternates] = reaching;
    return question === undefined ? [] : [{ ...entry, question, alternates }];
  });
}

/** Draft entries that take a phrasing of a curated entry (it reached its entry before the draft, and not after). */
function takingCurated(before: KnowledgeSnapshot, after: KnowledgeSnapshot, draftIds: ReadonlySet<string>): Set<string> {
  const taking = new Set<string>();
  for (const entry of before.knowledge.entries) {
    for (const phrasing of [entry.question, ...entry.alternates]) {
      if (!reachesEntry(entry, answerQuestion(before.index, phrasing))) continue;
      const now = answerQuestion(after.index, phrasing);
      if (now.entryId !== null && draftIds.has(now.entryId)) taking.add(now.entryId);
    }
  }
  return taking;
}

export interface Draft {
  readonly entries: readonly DraftEntry[];
  readonly yaml: string;
  /** How many drafted entries were left out because they would not load or reach their entry. */
  readonly dropped: number;
}

/** The draft for a folder (which must load): valid with it, each phrasing reaching its own entry, no curated phrasing taken. */
export function draftFor(sources: KnowledgeSources, max = MAX_DRAFT_ENTRIES): Draft {
  const before = buildSnapshot(validateKnowledge(sources));
  const drafted = draftEntries(before.knowledge, max);
  let entries: DraftEntry[] = drafted;
  // Until nothing changes: dropping a phrasing can change which entry another phrasing reaches. Each round
  // only removes, so it ends; a subset of a valid draft stays valid.
  for (let round = 0; round < 5; round++) {
    const loaded = loadingEntries(sources, entries);
    const taking = takingCurated(before, loaded.snapshot, new Set(loaded.entries.map((e) => e.id)));
    const next = reachingEntries(
      loaded.snapshot,
      loaded.entries.filter((e) => !taking.has(e.id)),
    );
    const same = next.length === entries.length && next.every((e, i) => draftYaml([e]) === draftYaml([entries[i]!]));
    entries = next;
    if (same) break;
  }
  return { entries, yaml: draftYaml(entries), dropped: drafted.length - entries.length };
}
