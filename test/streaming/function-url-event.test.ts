import { describe, expect, it } from "vitest";
import { proxyEventFromFunctionUrl } from "../../src/common/lambda/function-url/proxy-event.js";
import { functionUrlResource } from "../../src/common/lambda/function-url/resource.js";
import { type IncomingCall, toProxyEvent } from "../../src/common/lambda/proxy-event.js";
import { toFunctionUrlEvent } from "../../src/local/function-url-event.js";
import { functionUrlEvent } from "../support/events.js";

describe("function URL events", () => {
  it("become the REST proxy event the handlers read", () => {
    const event = proxyEventFromFunctionUrl(functionUrlEvent(), "/passthrough");
    expect(event).toMatchObject({
      resource: "/passthrough",
      path: "/passthrough",
      httpMethod: "POST",
      queryStringParameters: { trace: "1", tag: "b" },
      multiValueQueryStringParameters: { trace: ["1"], tag: ["a", "b"] },
      pathParameters: null,
      isBase64Encoded: false,
      requestContext: {
        requestId: "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        identity: { sourceIp: "203.0.113.10", userAgent: "curl/8.5.0", apiKey: null },
        apiId: "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6",
      },
    });
    expect(event.headers).toMatchObject({
      "x-api-key": "test-api-key-value",
      cookie: "session=abc123; theme=dark",
    });
    expect(JSON.parse(event.body ?? "")).toMatchObject({ model: "gpt-4o-mini" });
  });

  it("name the app or passthrough route of the function they reach", () => {
    expect(functionUrlResource("openai_v2", functionUrlEvent({ path: "/passthrough/" }))).toBe(
      "/passthrough",
    );
    expect(functionUrlResource("openai_v2", functionUrlEvent({ path: "/examples/default-grammar" }))).toBe(
      "/examples/default-grammar",
    );
    expect(() => functionUrlResource("langchain", functionUrlEvent())).toThrow(/No route for \/passthrough/);
  });

  it("built locally, carry what the local server's REST event carries", () => {
    const call: IncomingCall = {
      method: "POST",
      path: "/passthrough",
      query: new URLSearchParams("a=1&a=2"),
      headers: { "content-type": "application/json", "X-Api-Key": "k", cookie: "a=1; b=2" },
      body: '{"input_text":"hi"}',
      resource: "/passthrough",
      pathParameters: null,
      requestId: "local-request",
      sourceIp: "127.0.0.1",
      apiKey: null,
      stage: "v1",
    };
    const urlEvent = toFunctionUrlEvent(call);
    expect(urlEvent).toMatchObject({
      rawQueryString: "a=1&a=2",
      queryStringParameters: { a: "1,2" },
      cookies: ["a=1", "b=2"],
      headers: { "x-api-key": "k" },
    });
    const viaUrl = proxyEventFromFunctionUrl(urlEvent, "/passthrough");
    const direct = toProxyEvent(call);
    for (const field of ["path", "httpMethod", "body", "multiValueQueryStringParameters"] as const)
      expect(viaUrl[field]).toEqual(direct[field]);
    expect(viaUrl.headers.cookie).toBe("a=1; b=2");
  });
});
