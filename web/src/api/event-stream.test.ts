import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ServerSentEvent, serverSentEvents } from "./event-stream.js";

function bodyOf(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
}

/** Cuts bytes at the given offsets, as a network may deliver them. */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const bounds = [
    0,
    ...[...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b),
    bytes.length,
  ];
  return bounds.slice(1).map((end, i) => bytes.slice(bounds[i], end));
}

async function collect(body: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of serverSentEvents(body)) events.push(event);
  return events;
}

const eventArbitrary: fc.Arbitrary<ServerSentEvent> = fc.oneof(
  fc.record({ data: fc.json({ stringUnit: "grapheme" }) }),
  fc.record({ event: fc.constantFrom("error", "tool_call"), data: fc.json({ stringUnit: "grapheme" }) }),
);

function serialize(events: readonly ServerSentEvent[], newline: string): string {
  return events
    .map(
      ({ event, data }) =>
        `${event === undefined ? "" : `event: ${event}${newline}`}data: ${data}${newline}${newline}`,
    )
    .join("");
}

describe("serverSentEvents", () => {
  it("gives back every event whatever the chunking and line endings", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArbitrary, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.constantFrom("\n", "\r\n"),
        async (events, offsets, newline) => {
          const bytes = new TextEncoder().encode(serialize(events, newline));
          expect(await collect(bodyOf(cut(bytes, offsets)))).toEqual(events);
        },
      ),
    );
  });

  it("joins multi-line data, skips comments, and drops an unfinished last block", async () => {
    const text = ": keep-alive\n\ndata: a\ndata: b\n\nevent: error\ndata: {}\n\ndata: cut off";
    expect(await collect(bodyOf([new TextEncoder().encode(text)]))).toEqual([
      { data: "a\nb" },
      { event: "error", data: "{}" },
    ]);
  });
});
