export type QuotaPeriod = "DAY" | "WEEK" | "MONTH";

/** The end of the UTC calendar period that contains `at` (weeks start on Monday, as in API Gateway). */
export function periodEnd(period: QuotaPeriod, at: Date): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  const d = at.getUTCDate();
  switch (period) {
    case "DAY":
      return new Date(Date.UTC(y, m, d + 1));
    case "WEEK": {
      const daysSinceMonday = (at.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(y, m, d - daysSinceMonday + 7));
    }
    case "MONTH":
      return new Date(Date.UTC(y, m + 1, 1));
  }
}

interface Usage {
  used: number;
  resetsAt: number;
}

/**
 * API Gateway's usage-plan quota: at most `limit` requests per client per period. `consume` answers 0
 * when the request may pass, otherwise the seconds until the quota resets.
 */
export class Quotas {
  readonly #usage = new Map<string, Usage>();

  constructor(
    private readonly limit: number,
    private readonly period: QuotaPeriod,
    private readonly now: () => Date = () => new Date(),
  ) {}

  consume(client: string): number {
    const now = this.now();
    let usage = this.#usage.get(client);
    if (!usage || now.getTime() >= usage.resetsAt) {
      usage = { used: 0, resetsAt: periodEnd(this.period, now).getTime() };
      this.#usage.set(client, usage);
    }
    if (usage.used >= this.limit) return (usage.resetsAt - now.getTime()) / 1000;
    usage.used += 1;
    return 0;
  }
}
