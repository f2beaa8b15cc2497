// Per-question timing: each input run once (after `before`, which the timing leaves out), then the
// distribution's p50, p99, max and mean in milliseconds.

export interface Latency {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export function timeEach<T>(inputs: readonly T[], run: (input: T) => unknown, before?: () => void): Latency {
  return summarise(timesOf(inputs, run, before));
}

/** Each input's time, in order, in milliseconds. */
export function timesOf<T>(inputs: readonly T[], run: (input: T) => unknown, before?: () => void): number[] {
  const times: number[] = [];
  for (const input of inputs) {
    before?.();
    const start = process.hrtime.bigint();
    run(input);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

/**
 * The inputs that took longer than `limitMs`, each timed `rounds` more times (after `before`): each one's least
 * time, which says whether it is slow itself, or met a pause (garbage collection, another process on the machine).
 */
export function slowTimedAgain(
  inputs: readonly string[],
  times: readonly number[],
  limitMs: number,
  run: (input: string) => unknown,
  before?: () => void,
  rounds = 3,
): number[] {
  return inputs.flatMap((input, i) => {
    if (times[i]! < limitMs) return [];
    const again = timesOf(Array<string>(rounds).fill(input), run, before);
    return [Math.min(...again)];
  });
}

export function summarise(times: readonly number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
  };
}

/**
 * Each input's least time over `rounds` runs (each after `before`): what the input costs itself, without the pauses
 * (garbage collection, other processes) that one run may meet.
 */
export function leastTimes(inputs: readonly string[], run: (input: string) => unknown, before?: () => void, rounds = 3): Latency {
  const least = timesOf(inputs, run, before);
  for (let r = 1; r < rounds; r++) timesOf(inputs, run, before).forEach((t, i) => (least[i] = Math.min(least[i]!, t)));
  return summarise(least);
}
