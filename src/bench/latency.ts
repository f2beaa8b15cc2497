// Per-question timing: each input run once (after `before`, which the timing leaves out), then the
// distribution's p50, p99, max and mean in milliseconds.

export interface Latency {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export function timeEach(inputs: readonly string[], run: (input: string) => unknown, before?: () => void): Latency {
  const times: number[] = [];
  for (const input of inputs) {
    before?.();
    const start = process.hrtime.bigint();
    run(input);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarise(times);
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
