import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { BadRequestError, UpstreamError } from "../../src/common/errors.js";
import { WritableResponseStream } from "../../src/common/streaming/response-stream.js";
import { sendEventStream } from "../../src/common/streaming/send.js";
import type { StreamEvent } from "../../src/common/streaming/sse.js";
import { parseEvents } from "../support/sse.js";

function memoryResponse() {
  const target = new PassThrough();
  const chunks: Buffer[] = [];
  target.on("data", (chunk: Buffer) => chunks.push(chunk));
  let head: { statusCode: number; headers: Record<string, string> } | undefined;
  const response = new WritableResponseStream(target, (statusCode, headers) => {
    head = { statusCode, headers };
    return target;
  });
  return { response, target, head: () => head, text: () => Buffer.concat(chunks).toString("utf8") };
}

async function* events(items: (StreamEvent | Error)[]): AsyncGenerator<StreamEvent> {
  for (const item of items) {
    if (item instanceof Error) throw item;
    yield item;
  }
}

describe("sendEventStream", () => {
  it("writes each event, then data: [DONE], with the event-stream head", async () => {
    const memory = memoryResponse();
    await sendEventStream(memory.response, events([{ data: { n: 1 } }, { data: { n: 2 } }]), "req-1");
    expect(memory.head()?.statusCode).toBe(200);
    expect(memory.head()?.headers).toMatchObject({
      "content-type": "text/event-stream; charset=utf-8",
      "X-Request-Id": "req-1",
    });
    expect(memory.text()).toBe('data: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n');
  });

  it("commits nothing when the first event fails, so the caller can still answer with a status", async () => {
    const memory = memoryResponse();
    const failing = sendEventStream(memory.response, events([new BadRequestError("nope")]), "req-2");
    await expect(failing).rejects.toBeInstanceOf(BadRequestError);
    expect(memory.response.opened).toBe(false);
    expect(memory.text()).toBe("");
  });

  it("turns a failure after the first event into an error event and ends without [DONE]", async () => {
    const memory = memoryResponse();
    const broken = events([{ data: { n: 1 } }, new UpstreamError("upstream said: secret detail")]);
    await sendEventStream(memory.response, broken, "req-3");
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
    await sendEventStream(memory.response, endless(), "req-4");
    expect(memory.response.signal.aborted).toBe(true);
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(5);
  });
});
