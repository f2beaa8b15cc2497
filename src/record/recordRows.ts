// What both question records share: ids, the voter's keyed hash, and rows turned into reports.
import { createHmac, randomInt } from 'node:crypto';
import type { DayCounts, Outcome, UnansweredGroup } from './questionRecord.js';

export const DAY_MS = 86_400_000;

/** Random, so shards and hosts writing at once never collide; below 2^47, so a JS number holds it exactly. */
export function newQuestionId(): number {
  return randomInt(1, 2 ** 47);
}

/** One person, one vote per answer, without keeping who: a hash keyed with the database's own salt. */
export function voterHash(salt: string, userId: string, questionId: number): string {
  return createHmac('sha256', salt).update(`${userId}:${questionId}`).digest('hex').slice(0, 32);
}

export interface UnansweredRow {
  readonly normalised: string;
  readonly question: string;
  readonly entryId: string | null;
  readonly score: number;
}

/** Rows newest first → groups by normalised text, most asked first, each with its likeliest closest entry. */
export function groupUnanswered(rows: readonly UnansweredRow[], limit: number): UnansweredGroup[] {
  const groups = new Map<string, { example: string; count: number; entries: Map<string, number>; bestScore: number }>();
  for (const row of rows) {
    const group = groups.get(row.normalised) ?? { example: row.question, count: 0, entries: new Map<string, number>(), bestScore: 0 };
    group.count++;
    group.bestScore = Math.max(group.bestScore, row.score);
    if (row.entryId) group.entries.set(row.entryId, (group.entries.get(row.entryId) ?? 0) + 1);
    groups.set(row.normalised, group);
  }
  return [...groups]
    .map(([normalised, g]) => ({
      normalised,
      example: g.example,
      count: g.count,
      closestEntry: [...g.entries].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
      bestScore: g.bestScore,
    }))
    .sort((a, b) => b.count - a.count || a.normalised.localeCompare(b.normalised))
    .slice(0, limit);
}

export interface DayOutcomeCount {
  /** Days since the epoch (UTC). */
  readonly day: number;
  readonly outcome: Outcome;
  readonly n: number;
}

/** The first day (days since the epoch) of a `days`-long window ending today. */
export function firstDayOf(days: number, now: number): number {
  return Math.floor(now / DAY_MS) - days + 1;
}

/** Counts per day and outcome → one row per day of the window, oldest first, empty days included. */
export function fillDays(rows: readonly DayOutcomeCount[], days: number, now: number): DayCounts[] {
  const firstDay = firstDayOf(days, now);
  return Array.from({ length: days }, (_, i) => {
    const day = firstDay + i;
    const count = (outcome: Outcome) => rows.find((r) => Math.floor(r.day) === day && r.outcome === outcome)?.n ?? 0;
    return {
      day: new Date(day * DAY_MS).toISOString().slice(0, 10),
      answered: count('answered'),
      suggested: count('suggested'),
      declined: count('declined'),
      chat: count('chat'),
    };
  });
}
