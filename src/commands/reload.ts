// /reload (moderators): re-reads the knowledge folder and swaps it in only if all of it is valid.
import { KnowledgeError, describeProblem } from '../knowledge/knowledgeError.js';
import type { KnowledgeDiff, ReloadOutcome } from '../store/knowledgeStore.js';
import type { CommandDefinition, ReloadReport, ShardReloadResult } from './commandDefinition.js';
import { LIMITS, truncate } from './limits.js';
import type { Reply } from './reply.js';

function listIds(ids: readonly string[]): string {
  return ids.length === 0 ? 'none' : truncate(ids.join(', '), LIMITS.embedFieldValue);
}

function diffFields(diff: KnowledgeDiff): Array<{ name: string; value: string }> {
  // A new story's entries are all new: listing them as added and removed says nothing.
  if (diff.newStory)
    return [
      { name: 'Now', value: truncate(diff.newStory.titleAfter, LIMITS.embedFieldValue) },
      { name: 'Before', value: truncate(diff.newStory.titleBefore, LIMITS.embedFieldValue) },
    ];
  return [
    { name: 'Added', value: listIds(diff.added) },
    { name: 'Removed', value: listIds(diff.removed) },
    { name: 'Changed', value: listIds(diff.changed) },
  ];
}

export function describeDiff(diff: KnowledgeDiff): string {
  if (diff.newStory)
    return `A new story: "${diff.newStory.titleAfter}" (${diff.paragraphsAfter} paragraphs), replacing "${diff.newStory.titleBefore}".`;
  const parts = [
    `${diff.added.length} added`,
    `${diff.removed.length} removed`,
    `${diff.changed.length} changed`,
    diff.paragraphsBefore === diff.paragraphsAfter
      ? `${diff.paragraphsAfter} paragraphs`
      : `paragraphs ${diff.paragraphsBefore} → ${diff.paragraphsAfter}`,
  ];
  return `Entries: ${parts.slice(0, 3).join(', ')}; ${parts[3]}${diff.storyChanged ? '; the story text or metadata changed' : ''}.`;
}

export function reloadReply(outcome: ReloadOutcome): Reply {
  if (outcome.ok) {
    const { diff } = outcome;
    return {
      kind: 'info',
      title: diff.newStory ? 'New story loaded' : 'Knowledge reloaded',
      text: describeDiff(diff),
      fields: diffFields(diff),
      footer: `Reloaded in ${outcome.ms} ms`,
      ephemeral: true,
    };
  }
  const problems =
    outcome.error instanceof KnowledgeError
      ? outcome.error.problems.map((p) => `• ${describeProblem(p)}`).join('\n')
      : `• ${String(outcome.error)}`;
  return {
    kind: 'error',
    title: 'Reload refused: the knowledge files have problems',
    text: `${problems}\n\nNothing changed: I keep answering from the knowledge loaded before. Fix the file and /reload again.`,
    ephemeral: true,
  };
}

function shardLine({ shard, outcome, version }: ShardReloadResult): string {
  return `Shard ${shard}: ${shardStatus(outcome)}${version ? ` Knowledge ${version}.` : ''}`;
}

function shardList(shards: readonly ShardReloadResult[]): string {
  return shards.map((s) => s.shard).join(', ');
}

/**
 * One line per shard, under a line per host when there are several (or one didn't answer); the problems
 * (the same files, so usually the same problems) listed once above them.
 */
export function reloadAllReply(report: ReloadReport): Reply {
  const { hosts } = report;
  const results = hosts.flatMap((h) => h.shards);
  const silent = hosts.filter((h) => h.noAnswer);
  const reloaded = results.flatMap(({ outcome }) => (outcome.ok ? [outcome] : []));
  const problems = [
    ...new Set(
      results
        .flatMap(({ outcome }) => (!outcome.ok && outcome.error instanceof KnowledgeError ? outcome.error.problems : []))
        .map(describeProblem),
    ),
  ];
  const byHost = hosts.length > 1 || silent.length > 0;
  const shardLines = hosts
    .flatMap((h) =>
      !byHost
        ? h.shards.map(shardLine)
        : h.noAnswer
          ? [`**${h.host}**: ${h.noAnswer}`]
          : [`**${h.host}** (shards ${shardList(h.shards)}):`, ...h.shards.map(shardLine)],
    )
    .join('\n');
  const problemLines = problems.length > 0 ? `${problems.map((p) => `• ${p}`).join('\n')}\n\n` : '';
  const note = report.note ? `${report.note}\n\n` : '';
  // Shards serving different knowledge after the reload: a host reads other files (or an older copy of them).
  const versions = new Map<string, string[]>();
  for (const h of hosts)
    for (const s of h.shards)
      if (s.version) versions.set(s.version, [...(versions.get(s.version) ?? []), `${byHost ? `${h.host} ` : ''}shard ${s.shard}`]);
  const versionWarning =
    versions.size > 1
      ? `Not every shard serves the same knowledge: ${[...versions].map(([v, where]) => `${v} on ${where.join(', ')}`).join('; ')}. Check that every host has the same knowledge files, then /reload again.\n\n`
      : '';

  const [first] = reloaded;
  const hostCount = hosts.length > 1 ? ` of ${hosts.length} hosts` : '';
  if (first && reloaded.length === results.length && silent.length === 0 && versions.size <= 1) {
    // The shards read the same files, so they normally agree; when they don't, the lines per shard say how.
    const agree = reloaded.every((o) => JSON.stringify(o.diff) === JSON.stringify(first.diff));
    const [version] = versions.keys();
    return {
      kind: 'info',
      title: results.length === 1 && !hostCount ? 'Knowledge reloaded' : `Knowledge reloaded on all ${results.length} shards${hostCount}`,
      text: truncate(`${note}${shardLines}`, LIMITS.embedDescription),
      fields: agree ? diffFields(first.diff) : [],
      footer: `${version ? `Knowledge ${version} on every shard. ` : ''}Slowest shard reloaded in ${Math.max(...reloaded.map((o) => o.ms))} ms`,
      ephemeral: true,
    };
  }
  const noneReloaded = reloaded.length === 0;
  const after = noneReloaded
    ? 'Nothing changed: every shard keeps answering from the knowledge loaded before. Fix the file and /reload again.'
    : 'The shards that reloaded answer from the new knowledge, the others from the old. Fix the problem and /reload again.';
  const title =
    noneReloaded && silent.length === 0
      ? 'Reload refused: the knowledge files have problems'
      : reloaded.length === results.length && silent.length === 0
        ? `Knowledge reloaded on all ${results.length} shards${hostCount}, but not the same knowledge everywhere`
        : 'Reload incomplete: not every shard reloaded';
  return {
    kind: 'error',
    title,
    text: truncate(`${note}${versionWarning}${problemLines}${shardLines}${versionWarning ? '' : `\n\n${after}`}`, LIMITS.embedDescription),
    ephemeral: true,
  };
}

function shardStatus(outcome: ReloadOutcome): string {
  if (outcome.ok) return `reloaded. ${describeDiff(outcome.diff)}`;
  if (outcome.error instanceof KnowledgeError) return 'refused; still serving the previous knowledge.';
  return `not reloaded: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`;
}

export const reloadCommand: CommandDefinition = {
  name: 'reload',
  description: 'Moderators: reload the knowledge files',
  options: [],
  moderatorOnly: true,
  answersLater: true,
  async run(_options, { store, isModerator, reloadAll }) {
    if (!isModerator) {
      return { kind: 'notice', text: 'Only moderators (Manage Server) can reload the knowledge.', ephemeral: true };
    }
    // Sharded, every shard process holds its own copy of the knowledge: reload them all, not just this one.
    if (reloadAll) return reloadAllReply(await reloadAll());
    return reloadReply(await store.reload());
  },
};
