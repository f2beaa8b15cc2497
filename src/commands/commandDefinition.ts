// Commands as plain data: the Discord adapter turns them into application commands, the console into verbs.
import type { KnowledgeSnapshot, KnowledgeStore, ReloadOutcome } from '../store/knowledgeStore.js';
import type { ChannelKind, QuestionRecord } from '../record/questionRecord.js';
import type { ConversationMemory } from './conversationMemory.js';
import type { Reply } from './reply.js';

export type OptionType = 'string' | 'integer' | 'boolean' | 'user';

export interface CommandOption {
  readonly name: string;
  readonly description: string;
  readonly type: OptionType;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly maxLength?: number;
}

export type OptionValues = Readonly<Record<string, string | number | boolean | undefined>>;

/** Where a command came from, as the question record keeps it (no user ids). */
export interface CommandOrigin {
  readonly channelKind: ChannelKind;
  readonly guildId: string | null;
}

/** One shard's answer to a reload that ran on every shard. */
export interface ShardReloadResult {
  readonly shard: number;
  readonly outcome: ReloadOutcome;
  /** The knowledge version the shard serves afterwards (new, or the one it kept); absent when it wasn't reached. */
  readonly version?: string;
}

/**
 * One host's shards and how each reloaded, or a host that did not answer in time. `Shard` is how a shard's result
 * is held: as the bot has it, or as JSON between processes and hosts (plainReload.ts).
 */
export interface HostReloadResult<Shard = ShardReloadResult> {
  readonly host: string;
  readonly shards: readonly Shard[];
  /** Set when the host did not answer: why, e.g. "did not answer within 5 s (last heard from 40 s ago)". */
  readonly noAnswer?: string;
}

/** Every host's results, and a note when some could not be asked (PostgreSQL out of reach). */
export interface ReloadReport<Shard = ShardReloadResult> {
  readonly hosts: ReadonlyArray<HostReloadResult<Shard>>;
  readonly note?: string;
}

/** Who is asking, and the memory of their last question (for follow-ups); absent where nothing is remembered. */
export interface Conversation {
  readonly memory: ConversationMemory;
  /** The asker in the place they ask (see conversationOf). */
  readonly asker: string;
  /**
   * Only questions the bot answered become the subject of a follow-up: in an answer channel it stays silent
   * unless sure, and "who said that?" after a question it let pass points at its last answer, not at that.
   */
  readonly answeredOnly?: boolean;
}

export interface CommandContext {
  readonly store: KnowledgeStore;
  /** The question record; absent where nothing is recorded (tests, the ask CLI). */
  readonly record?: QuestionRecord | undefined;
  readonly origin?: CommandOrigin | undefined;
  readonly conversation?: Conversation | undefined;
  /** The caller may run moderator commands (checked by the front end). */
  readonly isModerator: boolean;
  /**
   * Reloads the knowledge in every shard (of every host, with DATABASE_URL) and says how each one did; set only
   * when the bot runs as several shard processes, where reloading `store` alone would leave the others behind.
   */
  readonly reloadAll?: (() => Promise<ReloadReport>) | undefined;
  /** Random source for "a notable quote"; injectable so tests are repeatable. */
  readonly random?: () => number;
}

export interface AutocompleteChoice {
  readonly name: string;
  readonly value: string;
}

export interface SubcommandDefinition {
  readonly name: string;
  readonly description: string;
  readonly options: readonly CommandOption[];
}

/** The option under which a handler receives the chosen subcommand's name. */
export const SUBCOMMAND = 'subcommand';

export interface CommandDefinition {
  readonly name: string;
  readonly description: string;
  readonly options: readonly CommandOption[];
  readonly subcommands?: readonly SubcommandDefinition[];
  /** Hidden from members without Manage Server, and checked again when run. */
  readonly moderatorOnly?: boolean;
  /** May take seconds (a reload, a chart): the front end acknowledges at once, privately, and shows the reply when it comes. */
  readonly answersLater?: boolean;
  /** Asks the engine: counts towards a user's cooldown. */
  readonly rateLimited?: boolean;
  /** The option holding the user's question: shown with the reply, so everyone sees what was asked. */
  readonly questionOption?: string;
  run(options: OptionValues, context: CommandContext): Reply | Promise<Reply>;
  autocomplete?(option: string, typed: string, snapshot: KnowledgeSnapshot): readonly AutocompleteChoice[];
}
