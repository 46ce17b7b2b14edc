/** A server-sent event as a client reads it: the event name (if any) and the parsed `data` payload. */
export interface ReadEvent {
  event?: string;
  /** The JSON payload, or the text itself for `[DONE]`. */
  data: unknown;
  /** Milliseconds since reading began, when the event was complete. */
  at: number;
}

/** Splits SSE text into events (blank-line separated blocks of `field: value` lines). */
export function parseEvents(text: string, at = 0): ReadEvent[] {
  const events: ReadEvent[] = [];
  for (const block of text.split("\n\n")) {
    if (block.trim() === "") continue;
    let name: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") name = value;
      if (field === "data") data.push(value);
    }
    const joined = data.join("\n");
    const payload = joined === "[DONE]" ? joined : (JSON.parse(joined) as unknown);
    events.push({ ...(name === undefined ? {} : { event: name }), data: payload, at });
  }
  return events;
}

/**
 * Reads a streamed response event by event as it arrives, stamping each with its arrival time.
 * `onEvent` returning false stops reading and cancels the body, as a client that leaves.
 */
export async function readEvents(
  response: Response,
  onEvent: (event: ReadEvent) => boolean | undefined = () => true,
): Promise<ReadEvent[]> {
  const started = performance.now();
  const events: ReadEvent[] = [];
  const decoder = new TextDecoder();
  let pending = "";
  if (!response.body) return events;
  const reader = response.body.getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) {
    pending += decoder.decode(step.value, { stream: true });
    const end = pending.lastIndexOf("\n\n");
    if (end < 0) continue;
    for (const event of parseEvents(pending.slice(0, end + 2), performance.now() - started)) {
      events.push(event);
      if (onEvent(event) === false) {
        await reader.cancel();
        return events;
      }
    }
    pending = pending.slice(end + 2);
  }
  return events;
}

/** The text deltas of `chat.completion.chunk` events, in order. */
export function deltaTexts(events: readonly ReadEvent[]): string[] {
  return events.flatMap((event) => {
    const data = event.data as { object?: string; choices?: { delta?: { content?: string | null } }[] };
    if (event.event !== undefined || data.object !== "chat.completion.chunk") return [];
    const content = data.choices?.[0]?.delta?.content;
    return typeof content === "string" && content !== "" ? [content] : [];
  });
}

/** The final event of a streamed chat answer (the one with request_meta_data); fails when missing. */
export function finalEvent<T>(events: readonly ReadEvent[]): T {
  const final = events.find(
    (event) => typeof event.data === "object" && event.data !== null && "request_meta_data" in event.data,
  );
  if (!final) throw new Error(`no final event among ${events.length} events`);
  return final.data as T;
}
