import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { acceptsEventStream, wantsEventStream } from "../../src/common/streaming/wants-stream.js";

const request = (body: unknown, accept?: string) => ({
  headers: accept === undefined ? {} : { Accept: accept },
  body: typeof body === "string" ? body : JSON.stringify(body),
  isBase64Encoded: false,
});

describe("which requests are streamed", () => {
  it.each([
    ["text/event-stream", true],
    ["application/json, text/event-stream;q=0.5", true],
    ["TEXT/EVENT-STREAM", true],
    ["text/event-stream;q=0", false],
    ["*/*", false],
    ["text/*", false],
    ["application/json", false],
    [undefined, false],
  ])("Accept %j -> %s", (accept, expected) => {
    expect(acceptsEventStream(accept)).toBe(expected);
  });

  it("follows the body's stream flag first, then the Accept header", () => {
    expect(wantsEventStream(request({ input_text: "hi", stream: true }))).toBe(true);
    expect(wantsEventStream(request({ input_text: "hi", stream: false }, "text/event-stream"))).toBe(false);
    expect(wantsEventStream(request({ input_text: "hi" }, "text/event-stream"))).toBe(true);
    expect(wantsEventStream(request({ input_text: "hi" }))).toBe(false);
  });

  it("reads a base64 body and finds the Accept header in any spelling", () => {
    const body = Buffer.from(JSON.stringify({ input_text: "hi", stream: true })).toString("base64");
    expect(wantsEventStream({ headers: {}, body, isBase64Encoded: true })).toBe(true);
    expect(
      wantsEventStream({ ...request({ input_text: "hi" }), headers: { accept: "text/event-stream" } }),
    ).toBe(true);
  });

  it("leaves a body that does not parse to the buffered path and its 400", () => {
    expect(wantsEventStream(request("{not json", "text/event-stream"))).toBe(false);
    expect(wantsEventStream({ headers: {}, body: null, isBase64Encoded: false })).toBe(false);
  });
});

describe("wantsEventStream without parsing most bodies", () => {
  const reference = (body: string, accept?: string) => {
    const flag = (JSON.parse(body) as { stream?: unknown }).stream;
    return typeof flag === "boolean" ? flag : acceptsEventStream(accept);
  };

  it("decides exactly as a full parse would, keys written with \\u escapes included", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.boolean(),
        fc.constantFrom(undefined, "text/event-stream", "application/json"),
        (rest, stream, escapeKey, accept) => {
          const { stream: _dropped, ...others } = rest;
          let body = JSON.stringify(stream === undefined ? others : { ...others, stream });
          if (escapeKey) body = body.replace('"stream":', '"\\u0073tream":');
          const event = { body, isBase64Encoded: false, headers: accept ? { Accept: accept } : {} };
          expect(wantsEventStream(event)).toBe(reference(body, accept));
        },
      ),
    );
  });
});
