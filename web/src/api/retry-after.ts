/**
 * Seconds to wait from a Retry-After header: either delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Answers undefined for a missing or unreadable header.
 */
export function parseRetryAfter(header: string | null, now: Date = new Date()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  // Date.parse reads bare numbers like "-5" as years; an HTTP date always names its day and month.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}
