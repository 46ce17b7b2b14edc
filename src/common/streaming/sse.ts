/**
 * The server-sent events wire format every streamed answer uses: OpenAI's (`data: <json>` events, then
 * `data: [DONE]`), plus named events (`event: error`, `event: tool_call`) for what OpenAI has no
 * chunk for.
 */

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
} as const;

export const SSE_DONE = "data: [DONE]\n\n";

export interface StreamEvent {
  /** The SSE event name; unnamed events are plain `data:` events, as OpenAI sends its chunks. */
  event?: string;
  data: unknown;
}

/** One `data:` event; JSON never contains a raw newline, so one `data:` line always holds it. */
export function sseEvent(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export function formatEvent({ event, data }: StreamEvent): string {
  return event === undefined ? sseEvent(data) : `event: ${event}\n${sseEvent(data)}`;
}
