// Per-user rate limit on questions: at most `questions` per `seconds`, a sliding window.

export class QuestionCooldown {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly questions: number,
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a question; returns 0 when allowed, else the seconds to wait. */
  take(userId: string): number {
    if (this.seconds <= 0) return 0;
    const now = this.now();
    const windowStart = now - this.seconds * 1000;
    const times = (this.recent.get(userId) ?? []).filter((t) => t > windowStart);
    if (times.length >= this.questions) {
      this.recent.set(userId, times);
      return Math.max(1, Math.ceil((times[0]! - windowStart) / 1000));
    }
    times.push(now);
    this.recent.set(userId, times);
    if (this.recent.size > 10_000) this.prune(windowStart);
    return 0;
  }

  private prune(windowStart: number): void {
    for (const [user, times] of this.recent) if (times.every((t) => t <= windowStart)) this.recent.delete(user);
  }
}
