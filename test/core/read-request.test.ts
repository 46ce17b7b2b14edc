import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadRequestError } from "../../src/common/errors.js";
import { acceptsEventStream } from "../../src/common/streaming/accepts-event-stream.js";
import { type RequestParts, readRequest } from "../../src/core/read-request.js";
import { apiRoutes, type ChatRoute } from "../../src/core/routes.js";
import { defaultSchemas } from "../support/request-schemas.js";

const routes = apiRoutes();
const passthrough = routes.find((route) => route.resource === "/passthrough") as ChatRoute;
const grammarApp = routes.find((route) => route.resource === "/examples/default-grammar") as ChatRoute;

function parts(body: unknown, changes: Partial<RequestParts> = {}): RequestParts {
  return {
    route: passthrough,
    method: "POST",
    pathParameters: {},
    query: {},
    headers: {},
    body: typeof body === "string" ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestId: "request-1",
    caller: { kind: "anonymous" },
    canStream: true,
    signal: new AbortController().signal,
    ...changes,
  };
}

const wantsStream = (body: unknown, changes: Partial<RequestParts> = {}) => {
  const request = readRequest(parts(body, changes), defaultSchemas);
  return request.kind === "chat" && request.wantsStream;
};

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
    const accept = { headers: { accept: "text/event-stream" } };
    expect(wantsStream({ input_text: "hi", stream: true })).toBe(true);
    expect(wantsStream({ input_text: "hi", stream: false }, accept)).toBe(false);
    expect(wantsStream({ input_text: "hi" }, accept)).toBe(true);
    expect(wantsStream({ input_text: "hi" })).toBe(false);
  });

  it("never streams on a transport that cannot", () => {
    expect(wantsStream({ input_text: "hi", stream: true }, { canStream: false })).toBe(false);
  });

  it("reads a base64 body", () => {
    const body = Buffer.from(JSON.stringify({ input_text: "hi", stream: true })).toString("base64");
    expect(wantsStream(body, { isBase64Encoded: true })).toBe(true);
  });

  it("answers a body that does not parse or validate with a 400, whatever it asks for", () => {
    const accept = { headers: { accept: "text/event-stream" } };
    expect(() => readRequest(parts("{not json", accept), defaultSchemas)).toThrow(BadRequestError);
    expect(() => readRequest(parts(null, { body: null }), defaultSchemas)).toThrow(BadRequestError);
    expect(() => readRequest(parts({ input_text: "hi", stream: "yes" }), defaultSchemas)).toThrow(/stream/);
  });

  it("decides as the stream flag and the Accept header say, for any body", () => {
    fc.assert(
      fc.property(
        fc.option(fc.boolean(), { nil: undefined }),
        fc.constantFrom(undefined, "text/event-stream", "application/json"),
        fc.boolean(),
        (stream, accept, escapeKey) => {
          let body = JSON.stringify(
            stream === undefined ? { input_text: "hi" } : { input_text: "hi", stream },
          );
          if (escapeKey) body = body.replace('"stream":', '"\\u0073tream":');
          const expected = stream ?? acceptsEventStream(accept);
          expect(wantsStream(body, { headers: accept ? { accept } : {} })).toBe(expected);
        },
      ),
    );
  });
});

describe("the request model", () => {
  it("carries an app route's body with the app it names, validated against the app schema", () => {
    const request = readRequest(
      parts({ input_text: "Me and him was late." }, { route: grammarApp }),
      defaultSchemas,
    );
    expect(request).toMatchObject({
      kind: "chat",
      route: { resource: "/examples/default-grammar" },
      body: { kind: "app", app: { slug: "default-grammar" }, fields: { input_text: "Me and him was late." } },
    });
    expect(() =>
      readRequest(
        parts({ messages: [{ role: "user", content: "hi" }] }, { route: grammarApp }),
        defaultSchemas,
      ),
    ).toThrow(/input_text/);
  });

  it("leaves resource routes' bodies alone and keeps their path and query", () => {
    const conversation = routes.find((route) => route.kind === "conversation" && route.method === "GET");
    if (!conversation) throw new Error("no conversation route");
    const request = readRequest(
      parts(null, {
        route: conversation,
        method: "GET",
        body: null,
        pathParameters: { id: "c1" },
        query: { limit: "2" },
      }),
      defaultSchemas,
    );
    expect(request).toMatchObject({ kind: "resource", pathParameters: { id: "c1" }, query: { limit: "2" } });
  });
});
