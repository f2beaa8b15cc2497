// Waiting for something the bot does: a wait re-checks its condition whenever the fake's state changes.

interface Waiter {
  check: () => boolean;
  fail: (error: Error) => void;
}

export class Waiters {
  private readonly waiters = new Set<Waiter>();

  /** `describeState` explains a timeout: what the fake saw last. */
  constructor(private readonly describeState: () => string) {}

  /** Resolves with the first defined value `find` returns, checked now and after every change. */
  until<T>(find: () => T | undefined, description: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          const found = find();
          if (found === undefined) return false;
          finish();
          resolve(found);
          return true;
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(
        () => waiter.fail(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}. ${this.describeState()}`)),
        timeoutMs,
      );
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /** Call after anything a wait may be waiting for changed. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  failAll(error: Error): void {
    for (const waiter of [...this.waiters]) waiter.fail(error);
  }
}
