/** A budget period: the UTC day or the UTC month a moment falls in. */
export type PeriodKind = "day" | "month";

export interface Period {
  kind: PeriodKind;
  /** `day#2026-12-03` or `month#2026-12`: part of the item key. */
  key: string;
  /** When the next period starts, epoch milliseconds. */
  resetsAt: number;
}

export function periodOf(kind: PeriodKind, now: number): Period {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (kind === "day") {
    const day = date.getUTCDate();
    return {
      kind,
      key: `day#${date.toISOString().slice(0, 10)}`,
      resetsAt: Date.UTC(year, month, day + 1),
    };
  }
  return { kind, key: `month#${date.toISOString().slice(0, 7)}`, resetsAt: Date.UTC(year, month + 1, 1) };
}

/** Whole seconds until the period resets, at least one (the value of `Retry-After`). */
export function secondsUntilReset(period: Period, now: number): number {
  return Math.max(1, Math.ceil((period.resetsAt - now) / 1000));
}
