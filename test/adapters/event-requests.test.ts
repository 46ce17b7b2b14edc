import { describe, expect, it } from "vitest";
import { proxyRequestParts } from "../../src/adapters/rest-proxy/proxy-request.js";
import { NotFoundError } from "../../src/common/errors.js";
import { apiRoutes, RouteTable } from "../../src/core/routes.js";
import { fixtureEvent } from "../support/events.js";
import { testContext } from "../support/lambda-context.js";

const routes = new RouteTable(apiRoutes());
const signal = new AbortController().signal;

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
