import { type Period, periodOf } from "./periods.js";

export interface TokenNeed {
  /** The prompt's size as estimated before the call. */
  promptTokens: number;
  /** The most the answer may take (the request's max_tokens, or the service's ceiling). */
  maxCompletionTokens: number;
}

/** Tokens held against the budgets until the answer's real usage is known. */
export interface Reservation {
  owner: string;
  /** The UTC day the request was asked on: its answer is counted there, even if it ends the day after. */
  day: Period;
  /** Tokens held on that day (and in its month, when `holdsMonth`). */
  held: number;
  holdsMonth: boolean;
  /** The answer's ceiling after the budget: lower than asked when the budget is nearly spent. */
  maxCompletionTokens: number;
}

/** A reservation that holds nothing: the request is counted on its day, no budget is touched. */
export function unheldReservation(owner: string, need: TokenNeed, now: number): Reservation {
  return {
    owner,
    day: periodOf("day", now),
    held: 0,
    holdsMonth: false,
    maxCompletionTokens: need.maxCompletionTokens,
  };
}
