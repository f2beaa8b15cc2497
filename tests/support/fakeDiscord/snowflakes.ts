// Discord ids: snowflakes that grow with time, and the rule that routes a guild's events to a shard.

const DISCORD_EPOCH = 1_420_070_400_000n;
/** lcm(1..12): guild ids whose timestamps are multiples of it land on predictable shards. */
const SHARD_ALIGNMENT = 27_720n;
const MAX_INCREMENT = 4095n;
const DAY_MS = 86_400_000n;

/** Generates strictly increasing snowflakes (19 digits for current timestamps). */
export class SnowflakeFactory {
  private lastTimestamp = 0n;
  private increment = 0n;

  next(): string {
    let timestamp = BigInt(Date.now()) - DISCORD_EPOCH;
    if (timestamp <= this.lastTimestamp) {
      timestamp = this.lastTimestamp;
      this.increment += 1n;
      if (this.increment > MAX_INCREMENT) {
        timestamp += 1n;
        this.increment = 0n;
      }
    } else {
      this.increment = 0n;
    }
    this.lastTimestamp = timestamp;
    return snowflakeFrom(timestamp, this.increment);
  }
}

/** Worker 1, process 1, as Discord's own ids look. */
function snowflakeFrom(timestamp: bigint, increment: bigint): string {
  return ((timestamp << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

/** Guild `index` gets a timestamp ≡ index (mod 27720), so `(id >> 22) % n === index % n` for n ≤ 12. */
export function shardAlignedGuildId(index: number): string {
  const thirtyDaysAgo = BigInt(Date.now()) - DISCORD_EPOCH - 30n * DAY_MS;
  const base = (thirtyDaysAgo / SHARD_ALIGNMENT) * SHARD_ALIGNMENT;
  return snowflakeFrom(base + BigInt(index), 0n);
}

/** Discord's rule for which shard receives a guild's events. */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** The ISO time a snowflake was made (a message's `timestamp`). */
export function timestampOf(snowflake: string): string {
  return new Date(Number((BigInt(snowflake) >> 22n) + DISCORD_EPOCH)).toISOString();
}
