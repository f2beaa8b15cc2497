// The Discord events being handled right now, so a shutdown can wait for their answers before it exits.

export class EventsInFlight {
  private readonly running = new Set<Promise<unknown>>();
  private handled = 0;
  private lastStartedAt = 0;

  /** Counts `work` as in flight until it settles (it never rejects: handlers catch their own errors). */
  track(work: Promise<unknown>): void {
    this.lastStartedAt = Date.now();
    this.running.add(work);
    void work.finally(() => {
      this.running.delete(work);
      this.handled++;
    });
  }

  get size(): number {
    return this.running.size;
  }

  /** How many tracked events have finished, since the start. */
  get finished(): number {
    return this.handled;
  }

  /**
   * Resolves once no event has started for `quietMs` (events already sent over the gateway are still being
   * read and handled until then), or after `maxMs` under steady traffic.
   */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    for (;;) {
      const quietFor = Date.now() - this.lastStartedAt;
      const left = deadline - Date.now();
      if (quietFor >= quietMs || left <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs - quietFor, left)));
    }
  }

  /**
   * Resolves once nothing is in flight (events that start meanwhile are waited for too) or `timeoutMs` has
   * passed; with how many were still running then.
   */
  async settle(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
      await Promise.race([Promise.allSettled([...this.running]), timeout]);
      clearTimeout(timer);
    }
    return this.running.size;
  }
}
