// The Discord events being handled right now, so a shutdown can wait for their answers before it exits.

export class EventsInFlight {
  private readonly running = new Set<Promise<unknown>>();
  private handled = 0;

  /** Counts `work` as in flight until it settles (it never rejects: handlers catch their own errors). */
  track(work: Promise<unknown>): void {
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
