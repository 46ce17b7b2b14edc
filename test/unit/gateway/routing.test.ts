import { readFileSync } from "node:fs";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../../src/common/catalog/index.js";
import { ForbiddenError, UnauthorizedError } from "../../../src/common/errors.js";
import { Secret } from "../../../src/common/secret.js";
import { apiRoutes, type Route, RouteTable } from "../../../src/core/routes.js";
import { checkApiKey } from "../../../src/local/api-keys.js";
import { toProxyEvent } from "../../../src/local/proxy-event.js";

describe("checkApiKey", () => {
  const keys = [new Secret("key-alpha"), new Secret("key-beta")];

  it("lets everything through when no key is configured", () => {
    expect(() => checkApiKey([], undefined)).not.toThrow();
    expect(() => checkApiKey([], "anything")).not.toThrow();
  });

  it.each([undefined, ""])("answers 401 for a missing key (%j)", (presented) => {
    expect(() => checkApiKey(keys, presented)).toThrow(UnauthorizedError);
  });

  it.each(["key-gamma", "key-alph", "key-alphaa", "KEY-ALPHA", " key-alpha", "key-alpha,key-beta"])(
    "answers 403 for a wrong key %j",
    (presented) => {
      expect(() => checkApiKey(keys, presented)).toThrow(ForbiddenError);
    },
  );

  it.each(["key-alpha", "key-beta"])("accepts each configured key (%s)", (presented) => {
    expect(() => checkApiKey(keys, presented)).not.toThrow();
  });

  it("never names a key in its messages", () => {
    for (const presented of [undefined, "key-alp"]) {
      try {
        checkApiKey(keys, presented);
      } catch (error) {
        expect((error as Error).message).not.toMatch(/key-alp|key-beta/);
      }
    }
  });
});

describe("RouteTable", () => {
  const routes: Route[] = [
    { kind: "chat", method: "POST", resource: "/passthrough", handler: "openai_v2" },
    { kind: "info", method: "GET", resource: "/info", handler: "info" },
    { kind: "conversation", method: "GET", resource: "/conversations/{id}", handler: "langchain" },
    { kind: "conversation", method: "DELETE", resource: "/conversations/{id}", handler: "langchain" },
    { kind: "chat", method: "POST", resource: "/a.b", handler: "openai_v2" },
  ];
  const table = new RouteTable(routes);

  it("finds exact routes, with or without a trailing slash", () => {
    expect(table.match("POST", "/passthrough")).toEqual({
      kind: "found",
      route: routes[0],
      pathParameters: {},
    });
    expect(table.match("POST", "/passthrough/")).toMatchObject({ kind: "found", route: routes[0] });
  });

  it("answers not-found for unknown paths (404)", () => {
    for (const path of ["/", "/nope", "/passthrough/extra", "/PASSTHROUGH", "/info.json", "/axb", ""])
      expect(table.match("POST", path)).toEqual({ kind: "not-found" });
  });

  it("answers wrong-method with the allowed methods, OPTIONS included (405)", () => {
    expect(table.match("GET", "/passthrough")).toEqual({
      kind: "wrong-method",
      allowed: ["POST", "OPTIONS"],
    });
    expect(table.match("PUT", "/conversations/7")).toEqual({
      kind: "wrong-method",
      allowed: ["GET", "DELETE", "OPTIONS"],
    });
  });

  it("fills templated parameters, decoded", () => {
    expect(table.match("GET", "/conversations/abc-123")).toEqual({
      kind: "found",
      route: routes[2],
      pathParameters: { id: "abc-123" },
    });
    expect(table.match("DELETE", "/conversations/a%20b")).toMatchObject({
      route: routes[3],
      pathParameters: { id: "a b" },
    });
    expect(table.match("GET", "/conversations/")).toEqual({ kind: "not-found" });
    expect(table.match("GET", "/conversations/%E0%A4%A")).toEqual({ kind: "malformed-path" });
    expect(table.match("GET", "/conversations/a/b")).toEqual({ kind: "not-found" });
  });

  it("names the route API Gateway invoked by resource and method", () => {
    expect(table.byResource("GET", "/conversations/{id}")).toBe(routes[2]);
    expect(table.byResource("POST", "/conversations/{id}")).toBeUndefined();
  });

  it("treats regex characters in resources literally", () => {
    expect(table.match("POST", "/a.b")).toMatchObject({ kind: "found" });
  });

  it("serves every catalog app and the fixed routes of the contract", () => {
    const real = new RouteTable(apiRoutes());
    for (const app of getCatalog().apps)
      expect(real.match("POST", `/examples/${app.slug}`)).toMatchObject({
        kind: "found",
        route: { handler: app.handler },
      });
    expect(real.match("POST", "/passthrough")).toMatchObject({ route: { handler: "openai_v2" } });
    expect(real.match("POST", "/langchain")).toMatchObject({ route: { handler: "langchain" } });
    expect(real.match("POST", "/openai_function_passthrough")).toMatchObject({
      route: { handler: "openai_function" },
    });
    expect(real.match("GET", "/info")).toMatchObject({ route: { handler: "info" } });
    expect(real.match("POST", "/examples/no-such-app")).toEqual({ kind: "not-found" });
  });
});

describe("toProxyEvent", () => {
  const fixture = JSON.parse(
    readFileSync(new URL("../../fixtures/events/passthrough.json", import.meta.url), "utf8"),
  ) as APIGatewayProxyEvent;

  const event = toProxyEvent({
    method: "POST",
    path: "/passthrough",
    query: new URLSearchParams("a=1&b=2&a=3"),
    headers: {
      "content-type": "application/json",
      "x-api-key": "key-alpha",
      "user-agent": "vitest",
      "set-cookie": ["one", "two"],
    },
    body: '{"input_text":"hi"}',
    resource: "/passthrough",
    pathParameters: null,
    requestId: "req-123",
    sourceIp: "127.0.0.1",
    apiKey: "key-alpha",
    apiKeyId: "key-id",
    stage: "v1",
  });

  it("has the keys of a real API Gateway REST proxy event", () => {
    expect(Object.keys(event).sort()).toEqual(Object.keys(fixture).sort());
    // The fixture predates mutual TLS, whose clientCert (null here) newer events carry.
    expect(Object.keys(event.requestContext.identity).sort()).toEqual(
      [...Object.keys(fixture.requestContext.identity), "clientCert"].sort(),
    );
    // authorizer is null without an authorizer; the fixture's host-derived keys have no local meaning.
    const fixtureContextKeys = [...Object.keys(fixture.requestContext), "authorizer"];
    for (const key of Object.keys(event.requestContext)) expect(fixtureContextKeys).toContain(key);
    for (const key of [
      "accountId",
      "apiId",
      "httpMethod",
      "path",
      "protocol",
      "requestId",
      "requestTimeEpoch",
    ])
      expect(event.requestContext).toHaveProperty(key);
  });

  it("carries the request", () => {
    expect(event).toMatchObject({
      resource: "/passthrough",
      path: "/passthrough",
      httpMethod: "POST",
      body: '{"input_text":"hi"}',
      isBase64Encoded: false,
      pathParameters: null,
      stageVariables: null,
      queryStringParameters: { a: "3", b: "2" },
      multiValueQueryStringParameters: { a: ["1", "3"], b: ["2"] },
      requestContext: {
        requestId: "req-123",
        stage: "v1",
        path: "/v1/passthrough",
        resourcePath: "/passthrough",
        httpMethod: "POST",
        identity: { apiKey: "key-alpha", apiKeyId: "key-id", sourceIp: "127.0.0.1", userAgent: "vitest" },
      },
    });
    expect(typeof event.requestContext.requestTimeEpoch).toBe("number");
  });

  it("fills headers and multiValueHeaders as API Gateway does (last value in headers)", () => {
    expect(event.headers).toMatchObject({ "content-type": "application/json", "set-cookie": "two" });
    expect(event.multiValueHeaders).toMatchObject({
      "content-type": ["application/json"],
      "set-cookie": ["one", "two"],
    });
  });

  it("uses null, not empty objects, when there is no query string", () => {
    const bare = toProxyEvent({
      method: "GET",
      path: "/info",
      query: new URLSearchParams(),
      headers: {},
      body: null,
      resource: "/info",
      pathParameters: null,
      requestId: "r",
      sourceIp: "::1",
      apiKey: null,
      apiKeyId: null,
      stage: "v1",
    });
    expect(bare.queryStringParameters).toBeNull();
    expect(bare.multiValueQueryStringParameters).toBeNull();
    expect(bare.body).toBeNull();
    expect(bare.requestContext.identity.apiKey).toBeNull();
    expect(bare.requestContext.identity.userAgent).toBeNull();
  });
});
