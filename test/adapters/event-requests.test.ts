import { describe, expect, it } from "vitest";
import { functionUrlRequestParts } from "../../src/adapters/response-stream/function-url-request.js";
import { proxyRequestParts } from "../../src/adapters/rest-proxy/proxy-request.js";
import {
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  UnauthorizedError,
} from "../../src/common/errors.js";
import { Secret } from "../../src/common/secret.js";
import { apiRoutes, RouteTable } from "../../src/core/routes.js";
import { type IncomingCall, toProxyEvent } from "../../src/local/proxy-event.js";
import { fixtureEvent, functionUrlEvent } from "../support/events.js";
import { toFunctionUrlEvent } from "../support/function-url-event.js";
import { testContext } from "../support/lambda-context.js";

const routes = new RouteTable(apiRoutes());
const signal = new AbortController().signal;
const keys = [new Secret("test-api-key-value")];
const urlParts = (handler: Parameters<typeof functionUrlRequestParts>[1], event = functionUrlEvent()) =>
  functionUrlRequestParts(event, handler, routes, { apiKeys: keys, signal });

describe("REST proxy events", () => {
  it("name their route by resource, with lower-case headers and the key's identity", () => {
    const event = fixtureEvent("passthrough");
    const parts = proxyRequestParts(event, testContext(), routes, { canStream: false, signal });
    expect(parts).toMatchObject({
      route: { kind: "chat", resource: "/passthrough", handler: "openai_v2" },
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "test-api-key-value" },
      requestId: "7b3c1f2e-9a8d-4c5b-8e7f-1a2b3c4d5e6f",
      canStream: false,
    });
    expect(parts.body).toBe(event.body);
  });

  it("carry an app route's app from the route table, not from the path", () => {
    const parts = proxyRequestParts(fixtureEvent("app-default-grammar"), testContext(), routes, {
      canStream: true,
      signal,
    });
    expect(parts.route).toMatchObject({ kind: "chat", app: { slug: "default-grammar" } });
  });

  it("for a resource no route has, answer 404", () => {
    const event = fixtureEvent("passthrough", { resource: "/examples/{slug}" });
    expect(() => proxyRequestParts(event, testContext(), routes, { canStream: false, signal })).toThrow(
      NotFoundError,
    );
  });
});

describe("function URL events", () => {
  it("become the request of the route they name, the key checked once", () => {
    const parts = urlParts("openai_v2");
    expect(parts).toMatchObject({
      route: { resource: "/passthrough", handler: "openai_v2" },
      query: { trace: "1", tag: "a,b" },
      headers: { "x-api-key": "test-api-key-value", accept: "text/event-stream" },
      requestId: "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      caller: { kind: "key", id: expect.stringMatching(/^key-[0-9a-f]{16}$/) },
      canStream: true,
    });
    expect(JSON.stringify(parts.caller)).not.toContain("test-api-key-value");
  });

  it("name the app or passthrough route of the function they reach", () => {
    expect(urlParts("openai_v2", functionUrlEvent({ path: "/passthrough/" })).route.resource).toBe(
      "/passthrough",
    );
    expect(
      urlParts("openai_v2", functionUrlEvent({ path: "/examples/default-grammar" })).route.resource,
    ).toBe("/examples/default-grammar");
    expect(() => urlParts("langchain")).toThrow(/answered by the openai_v2 function's URL/);
    expect(() => urlParts("openai_v2", functionUrlEvent({ path: "/nowhere" }))).toThrow(NotFoundError);
    expect(() => urlParts("openai_v2", functionUrlEvent({ method: "GET" }))).toThrow(MethodNotAllowedError);
  });

  it("need the API key when keys are configured", () => {
    const withKey = (key: string | undefined) => {
      const event = functionUrlEvent();
      const { "x-api-key": _dropped, ...headers } = event.headers;
      return { ...event, headers: key === undefined ? headers : { ...headers, "x-api-key": key } };
    };
    expect(() => urlParts("openai_v2", withKey(undefined))).toThrow(UnauthorizedError);
    expect(() => urlParts("openai_v2", withKey("wrong"))).toThrow(ForbiddenError);
    const open = functionUrlRequestParts(withKey(undefined), "openai_v2", routes, { apiKeys: [], signal });
    expect(open.caller).toEqual({ kind: "anonymous" });
  });

  it("carry what the REST event of the same call carries", () => {
    const call: IncomingCall = {
      method: "POST",
      path: "/passthrough",
      query: new URLSearchParams("a=1"),
      headers: { "content-type": "application/json", "X-Api-Key": "test-api-key-value", cookie: "a=1; b=2" },
      body: '{"input_text":"hi"}',
      resource: "/passthrough",
      pathParameters: null,
      requestId: "local-request",
      sourceIp: "127.0.0.1",
      apiKey: null,
      apiKeyId: null,
      stage: "v1",
    };
    const urlEvent = toFunctionUrlEvent(call);
    expect(urlEvent).toMatchObject({
      rawQueryString: "a=1",
      cookies: ["a=1", "b=2"],
      headers: { "x-api-key": "test-api-key-value" },
    });
    const viaUrl = urlParts("openai_v2", urlEvent);
    const direct = proxyRequestParts(toProxyEvent(call), testContext(), routes, { canStream: true, signal });
    for (const field of ["route", "method", "body", "query", "requestId"] as const)
      expect(viaUrl[field]).toEqual(direct[field]);
  });
});
