/** How much of an error body a message quotes: enough to recognise a proxy's page, short enough to log. */
const EXCERPT_LENGTH = 160;

/**
 * An error body the caller could not read as the service's own format (a proxy's HTML page, a cut
 * answer): named by a bounded excerpt so the log shows what came back without flooding it.
 */
export function describeUnreadableBody(text: string, format: "JSON" | "XML"): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (!flat) return "an empty body";
  const quoted = flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
  return `a body that is not ${format}: ${JSON.stringify(quoted)}`;
}

/** Statuses another attempt may fare better with: throttling and the service's own failures. */
export const isServerSideStatus = (status: number): boolean => status === 429 || status >= 500;
