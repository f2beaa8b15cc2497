// /kb (moderators): what people ask that the bot misses, feedback, why it answered what it did, and stats.
import { THRESHOLDS } from '../engine/tuning.js';
import { readQuestion } from '../engine/storyQueries.js';
import type { KnowledgeSnapshot } from '../store/knowledgeStore.js';
import { describeEntryCounts } from '../knowledge/entryCounts.js';
import { RecordReadError, type RecordReports, type RecordScope, type RecordUpkeep } from '../record/questionRecord.js';
import { renderStatsChart } from '../record/statsChart.js';
import { SUBCOMMAND, type CommandContext, type CommandDefinition, type OptionValues } from './commandDefinition.js';
import { LIMITS, truncate } from './limits.js';
import type { Reply } from './reply.js';

const DEFAULT_DAYS = 7;
const STATS_DAYS = 14;

const daysOption = {
  name: 'days',
  description: `How many days back (default ${DEFAULT_DAYS})`,
  type: 'integer',
  minValue: 1,
  maxValue: 365,
} as const;

function private_(reply: Omit<Reply, 'ephemeral'>): Reply {
  return { ...reply, ephemeral: true };
}

/** What /kb reads: the reports, and whether questions are still being kept while they can't be read. */
type KbRecord = RecordReports & Pick<RecordUpkeep, 'recording'>;

function unavailableReply(record: KbRecord | undefined): Reply {
  const why = record?.unavailableReason ? ` (${record.unavailableReason})` : '';
  // PostgreSQL out of reach: the questions asked meanwhile wait in memory and are written when it is back.
  const meanwhile = record?.recording ? 'questions asked meanwhile are kept and written when it is back' : 'nothing is being recorded';
  return private_({ kind: 'notice', text: `The question record is unavailable${why}. The bot still answers; ${meanwhile}.` });
}

/** What `read` returns from the record, or the reply saying why it can't: unavailable, or a read that failed now (not an empty list). */
async function readRecord<T>(
  record: KbRecord | undefined,
  read: (record: KbRecord) => Promise<T>,
): Promise<{ value: T } | { reply: Reply }> {
  if (!record?.available) return { reply: unavailableReply(record) };
  try {
    return { value: await read(record) };
  } catch (error) {
    if (!(error instanceof RecordReadError)) throw error;
    // The connection went during the read: say so as for a record that was unavailable from the start.
    if (!stillAvailable(record)) return { reply: unavailableReply(record) };
    return {
      reply: private_({ kind: 'notice', text: `The question record can't be read right now (${error.reason}). Try again in a moment.` }),
    };
  }
}

function questionOf(snapshot: KnowledgeSnapshot, entryId: string | null): string {
  if (!entryId) return 'no close entry';
  const entry = snapshot.knowledge.entries.find((e) => e.id === entryId);
  return entry ? `${entryId} (“${entry.question}”)` : `${entryId} (no longer in the knowledge)`;
}

/** Read anew after an await: the record's connection may have gone meanwhile. */
const stillAvailable = (record: KbRecord) => record.available;

export async function unansweredReply(
  record: KbRecord | undefined,
  snapshot: KnowledgeSnapshot,
  scope: RecordScope,
  days: number,
): Promise<Reply> {
  const read = await readRecord(record, (r) => r.unanswered(scope, days, 15));
  if ('reply' in read) return read.reply;
  const groups = read.value;
  if (groups.length === 0)
    return private_({
      kind: 'info',
      title: 'Unanswered questions',
      text: `No declined or low-confidence questions in the last ${days} days.`,
    });
  const lines = groups.map(
    (g) =>
      `${g.count}× “${truncate(g.example, 120)}” → closest: ${questionOf(snapshot, g.closestEntry)}, best ${Math.round(g.bestScore * 100)}%`,
  );
  return private_({
    kind: 'info',
    title: `Unanswered questions, last ${days} days`,
    text: truncate(lines.join('\n'), LIMITS.embedDescription),
    footer: 'Add a wording as an alternate of the closest entry (or a new entry), then /reload and /kb test it.',
  });
}

export async function feedbackReply(
  record: KbRecord | undefined,
  snapshot: KnowledgeSnapshot,
  scope: RecordScope,
  days: number,
): Promise<Reply> {
  const read = await readRecord(record, (r) => r.feedback(scope, days, 15));
  if ('reply' in read) return read.reply;
  const rows = read.value;
  if (rows.length === 0) return private_({ kind: 'info', title: 'Feedback', text: `No “not helpful” votes in the last ${days} days.` });
  const lines = rows.map((r) => `${r.notHelpful} not helpful, ${r.helpful} helpful: ${questionOf(snapshot, r.entryId)}`);
  return private_({
    kind: 'info',
    title: `Least helpful answers, last ${days} days`,
    text: truncate(lines.join('\n'), LIMITS.embedDescription),
  });
}

const bandOf = (score: number) =>
  score >= THRESHOLDS.confident ? 'confident' : score >= THRESHOLDS.suggest ? 'did-you-mean' : 'below threshold';

/** The engine's view of a question, without recording it. */
export function testReply(snapshot: KnowledgeSnapshot, question: string): Reply {
  const { result, entries, words: weighted, corrections } = readQuestion(snapshot.index, question);
  const decision =
    result.band === 'answer'
      ? `answers ${result.entryId ?? `from paragraph ${result.paragraph}`} (${result.source}, ${Math.round(result.score * 100)}%)`
      : result.band === 'suggest'
        ? `asks “did you mean”: ${result.suggestions.map((s) => s.entryId).join(', ')}`
        : result.band === 'chat'
          ? `chat reply ${result.entryId}`
          : result.reason === 'not-in-story'
            ? `declines with ${result.entryId}: the knowledge says the story doesn’t answer this`
            : 'declines: the story doesn’t say';
  const fields = entries.map(({ entry, score, coverage, phrasingMatch }, i) => ({
    name: `${i + 1}. ${entry.id}: ${Math.round(score * 100)}% (${bandOf(score)})`,
    value: `“${entry.question}”\nexplains ${Math.round(coverage * 100)}% of the question, best phrasing ${Math.round(phrasingMatch * 100)}%`,
  }));
  const passage = result.why.passage;
  if (passage) {
    const strongest = Object.entries(passage.features)
      .filter(([, v]) => v !== 0)
      .slice(0, 8)
      .map(([name, v]) => `${name} ${v}`)
      .join(', ');
    fields.push({
      name: `Likeliest story sentence: paragraph ${passage.paragraph}, ${Math.round(passage.probability * 100)}% (answers from ${Math.round(passage.threshold * 100)}%)`,
      value: truncate(`${passage.sentence}\nEvidence: ${strongest}`, LIMITS.embedFieldValue),
    });
  }
  const words = weighted.map(([t, w]) => `${t} ${w.toFixed(1)}`).join(', ');
  const fixes = corrections.map((c) => `${c.from}→${c.to}`).join(', ');
  return private_({
    kind: 'info',
    title: 'How the bot reads this question',
    text: `Decision: ${decision}.\nWords (weight): ${words || 'none'}${fixes ? `\nTypos fixed: ${fixes}` : ''}`,
    fields: fields.length > 0 ? fields : [{ name: 'Candidates', value: 'No curated entry shares a word with this question.' }],
    footer: `Bands: confident ≥ ${Math.round(THRESHOLDS.confident * 100)}% and clear of the runner-up, did-you-mean ≥ ${Math.round(THRESHOLDS.suggest * 100)}%. Not recorded.`,
  });
}

export async function statsReply(record: KbRecord | undefined, snapshot: KnowledgeSnapshot, scope: RecordScope): Promise<Reply> {
  const { knowledge, loadedAt } = snapshot;
  const knowledgeFields = [
    { name: 'Knowledge loaded', value: loadedAt.toISOString().replace('T', ' ').slice(0, 19) + ' UTC' },
    { name: 'Entries', value: describeEntryCounts(knowledge.entries) },
    { name: 'Paragraphs', value: String(knowledge.story.paragraphs.length) },
  ];
  const read = await readRecord(record, (r) => r.dailyCounts(scope, STATS_DAYS));
  if ('reply' in read) return { ...read.reply, fields: knowledgeFields };
  const days = read.value;
  const total = days.reduce((n, d) => n + d.answered + d.suggested + d.declined + d.chat, 0);
  const sum = (key: 'answered' | 'suggested' | 'declined') => days.reduce((n, d) => n + d[key], 0);
  const rate = (n: number) => (total === 0 ? '0%' : `${Math.round((n / total) * 100)}%`);
  return private_({
    kind: 'info',
    title: `Questions, last ${STATS_DAYS} days`,
    text: `${total} questions: ${rate(sum('answered'))} answered, ${rate(sum('suggested'))} did-you-mean, ${rate(sum('declined'))} declined.`,
    fields: knowledgeFields,
    image: { name: 'kb-stats.png', png: await renderStatsChart(days, `Questions per day, last ${STATS_DAYS} days`) },
  });
}

/**
 * Whose questions a moderator may see: in a server, that server's only (not another server's, not DMs);
 * in the console, run by whoever hosts the bot, all of them. Null: nowhere (a DM has no moderators).
 */
function scopeOf(origin: CommandContext['origin']): RecordScope | null {
  if (origin?.channelKind === 'console') return 'everywhere';
  return origin?.guildId ? { guildId: origin.guildId } : null;
}

function days(options: OptionValues): number {
  return typeof options.days === 'number' && options.days > 0 ? Math.floor(options.days) : DEFAULT_DAYS;
}

export const kbCommand: CommandDefinition = {
  name: 'kb',
  description: 'Moderators: what people ask, feedback, and how the bot reads a question',
  options: [],
  subcommands: [
    { name: 'unanswered', description: 'Most frequent declined and low-confidence questions', options: [daysOption] },
    { name: 'feedback', description: 'Answers with the most “not helpful” votes', options: [daysOption] },
    {
      name: 'test',
      description: 'The top 3 candidates for a question, with scores (not recorded)',
      options: [{ name: 'question', description: 'The question to test', type: 'string', required: true, maxLength: LIMITS.question }],
    },
    { name: 'stats', description: 'Questions per day and answer rates', options: [] },
  ],
  moderatorOnly: true,
  answersLater: true,
  run(options, { store, record, isModerator, origin }) {
    if (!isModerator) return { kind: 'notice', text: 'Only moderators (Manage Server) can use /kb.', ephemeral: true };
    const snapshot = store.current;
    const scope = scopeOf(origin);
    if (options[SUBCOMMAND] === 'test') return testReply(snapshot, String(options.question ?? ''));
    if (!scope) return { kind: 'notice', text: 'Use /kb in the server whose questions you want to see.', ephemeral: true };
    switch (options[SUBCOMMAND]) {
      case 'unanswered':
        return unansweredReply(record, snapshot, scope, days(options));
      case 'feedback':
        return feedbackReply(record, snapshot, scope, days(options));
      case 'stats':
        return statsReply(record, snapshot, scope);
      default:
        return { kind: 'notice', text: 'Use /kb unanswered, /kb feedback, /kb test or /kb stats.', ephemeral: true };
    }
  },
};
