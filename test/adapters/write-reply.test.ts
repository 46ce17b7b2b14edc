import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { WritableResponseStream } from "../../src/adapters/response-stream/response-stream.js";
import { writeReply } from "../../src/adapters/response-stream/write-reply.js";
import { BadRequestError, UpstreamError } from "../../src/common/errors.js";
import type { StreamEvent } from "../../src/common/streaming/sse.js";
import { jsonReply } from "../../src/core/reply.js";
import { createLogger } from "../../src/services/logger.js";
import { parseEvents } from "../support/sse.js";

const logger = createLogger({ LOG_LEVEL: "SILENT", DEBUG_MODE: false });
const ORIGIN = "https://chat.example.com";

function memoryResponse() {
  const target = new PassThrough();
  const chunks: Buffer[] = [];
  target.on("data", (chunk: Buffer) => chunks.push(chunk));
  let head: { statusCode: number; headers: Record<string, string> } | undefined;
  const response = new WritableResponseStream(target, (statusCode, headers) => {
    head = { statusCode, headers };
    return target;
  });
  const to = (requestId: string) => ({ response, requestId, allowOrigin: ORIGIN, logger });
  return { response, target, to, head: () => head, text: () => Buffer.concat(chunks).toString("utf8") };
}

async function* events(items: (StreamEvent | Error)[]): AsyncGenerator<StreamEvent> {
  for (const item of items) {
    if (item instanceof Error) throw item;
    yield item;
  }
}

const eventsReply = (items: (StreamEvent | Error)[]) => ({ kind: "events" as const, events: events(items) });

describe("writeReply", () => {
  it("writes a whole answer as JSON with CORS and the request id", async () => {
    const memory = memoryResponse();
    await writeReply(memory.to("req-0"), jsonReply(201, { ok: true }, { "Retry-After": "3" }));
    expect(memory.head()).toEqual({
      statusCode: 201,
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Access-Control-Allow-Origin": ORIGIN,
        "Access-Control-Expose-Headers": "Retry-After, X-Request-Id",
        "X-Request-Id": "req-0",
        "Retry-After": "3",
      },
    });
    expect(memory.text()).toBe('{"ok":true}');
  });

  it("writes each event, then data: [DONE], with the event-stream head", async () => {
    const memory = memoryResponse();
    await writeReply(memory.to("req-1"), eventsReply([{ data: { n: 1 } }, { data: { n: 2 } }]));
    expect(memory.head()?.statusCode).toBe(200);
    expect(memory.head()?.headers).toMatchObject({
      "content-type": "text/event-stream; charset=utf-8",
      "Access-Control-Allow-Origin": ORIGIN,
      "X-Request-Id": "req-1",
    });
    expect(memory.text()).toBe('data: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n');
  });

  it("answers a failure before the first event with its status and JSON error, CORS included", async () => {
    const memory = memoryResponse();
    await writeReply(memory.to("req-2"), eventsReply([new BadRequestError("messages: nope")]));
    expect(memory.head()?.statusCode).toBe(400);
    expect(memory.head()?.headers["Access-Control-Allow-Origin"]).toBe(ORIGIN);
    expect(JSON.parse(memory.text())).toEqual({
      error: { type: "invalid_request", message: "messages: nope", request_id: "req-2" },
    });
  });

  it("turns a failure after the first event into an error event and ends without [DONE]", async () => {
    const memory = memoryResponse();
    const broken = eventsReply([{ data: { n: 1 } }, new UpstreamError("upstream said: secret detail")]);
    await writeReply(memory.to("req-3"), broken);
    const sent = parseEvents(memory.text());
    expect(sent.map((event) => event.event ?? "data")).toEqual(["data", "error"]);
    expect(sent[1]?.data).toEqual({
      error: {
        type: "upstream_error",
        message: "The model service failed to give a usable answer. Try again shortly.",
        request_id: "req-3",
      },
    });
    expect(memory.text()).not.toContain("secret detail");
  });

  it("stops pulling events and closes the source once the reader has gone", async () => {
    const memory = memoryResponse();
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<StreamEvent> {
      try {
        for (;;) {
          pulled += 1;
          if (pulled === 3) memory.target.destroy();
          yield { data: { pulled } };
        }
      } finally {
        closed = true;
      }
    }
    await writeReply(memory.to("req-4"), { kind: "events", events: endless() });
    expect(memory.response.signal.aborted).toBe(true);
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(5);
  });
});
