import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodEnd } from "../../src/local/gateway/quota.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { expectCompletion, expectJsonError } from "./http-checks.js";

/** What API Gateway enforces in the deployment, enforced by the local server over real HTTP. */

const KEY_A = "gw-key-alpha-0123456789";
const KEY_B = "gw-key-beta-9876543210";
const ask = { input_text: "Hello gateway" };

function withService(env: Record<string, string>) {
  const holder: { service?: RunningService } = {};
  beforeAll(async () => {
    holder.service = await startTestService(env);
  });
  afterAll(() => holder.service?.stop());
  return () => {
    if (!holder.service) throw new Error("service not started");
    return holder.service;
  };
}

describe("CORS_ALLOW_ORIGIN", () => {
  const origin = "https://chat.example.com";
  const service = withService({ CORS_ALLOW_ORIGIN: origin, API_KEYS: KEY_A, ...UNTHROTTLED });

  it("names the configured origin on every kind of answer: preflights, answers, streams, errors, documents", async () => {
    const key = { "x-api-key": KEY_A };
    const eventStream = { ...key, accept: "text/event-stream" };
    const responses = [
      await fetch(`${service().url}/passthrough`, { method: "OPTIONS" }),
      await service().post("/examples/default-grammar", ask, key),
      await service().post("/passthrough", { temperature: 9 }, key),
      await service().post("/passthrough", ask),
      await service().post("/passthrough", { ...ask, stream: true }, key),
      await service().post("/passthrough", { ...ask, stream: true, temperature: 9 }, key),
      await service().post("/langchain", { temperature: 9 }, eventStream),
      await service().post("/examples/no-such-app", ask, key),
      await fetch(`${service().url}/passthrough`, { headers: key }),
      await fetch(`${service().url}/conversations/nothing-here`, { headers: key }),
      await fetch(`${service().url}/info`, { headers: key }),
      await fetch(`${service().url}/openapi.json`),
    ];
    expect(responses.map((r) => r.status)).toEqual([
      204, 200, 400, 401, 200, 400, 400, 404, 405, 404, 200, 200,
    ]);
    for (const response of responses) {
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      await response.arrayBuffer();
    }
  });
});

describe("API keys and CORS", () => {
  const service = withService({
    API_KEYS: `${KEY_A},${KEY_B}`,
    THROTTLE_SETTINGS_RATE_LIMIT: "1000",
    THROTTLE_SETTINGS_BURST_LIMIT: "1000",
  });

  it("answers 401 without x-api-key", async () => {
    const body = await expectJsonError(await service().post("/passthrough", ask), 401, "unauthorized");
    expect(body.error.message).toMatch(/x-api-key/);
  });

  it("answers 401 for an empty x-api-key", async () => {
    await expectJsonError(
      await service().post("/passthrough", ask, { "x-api-key": "" }),
      401,
      "unauthorized",
    );
  });

  it.each(["wrong-key", `${KEY_A}x`, KEY_A.slice(0, -1), KEY_A.toUpperCase(), `${KEY_A},${KEY_B}`])(
    "answers 403 for the wrong key %s",
    async (key) => {
      const response = await service().post("/passthrough", ask, { "x-api-key": key });
      const body = await expectJsonError(response, 403, "forbidden");
      expect(JSON.stringify(body)).not.toContain(KEY_A);
    },
  );

  it.each([KEY_A, KEY_B])("answers 200 with a configured key", async (key) => {
    const response = await service().post("/passthrough", ask, { "x-api-key": key });
    await expectCompletion(response);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("needs the key on GET /info and on app routes too", async () => {
    await expectJsonError(await fetch(`${service().url}/info`), 401);
    await expectJsonError(await service().post("/examples/default-grammar", ask), 401);
    const info = await fetch(`${service().url}/info`, { headers: { "x-api-key": KEY_B } });
    expect(info.status).toBe(200);
  });

  it.each([
    "/passthrough",
    "/examples/default-grammar",
    "/info",
    "/langchain",
    "/examples/default-single-page-websit",
  ])("answers the OPTIONS preflight of %s with 204 and CORS headers, without a key", async (path) => {
    const response = await fetch(`${service().url}${path}`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-api-key",
      },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(response.headers.get("access-control-allow-methods")).toMatch(/OPTIONS/);
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("x-api-key");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
  });

  it("lets a browser on another origin send the admin key to /usage", async () => {
    const response = await fetch(`${service().url}/usage?scope=all`, {
      method: "OPTIONS",
      headers: {
        origin: "https://ops.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "x-admin-key,x-api-key",
      },
    });
    expect(response.status).toBe(204);
    const allowed = (response.headers.get("access-control-allow-headers") ?? "")
      .toLowerCase()
      .split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(["x-admin-key", "x-api-key"]));
  });

  it("puts CORS headers on errors too, exposing Retry-After and X-Request-Id", async () => {
    for (const response of [
      await service().post("/passthrough", ask),
      await service().post("/passthrough", ask, { "x-api-key": "nope" }),
      await service().post("/nowhere", ask),
    ]) {
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-expose-headers")).toMatch(/Retry-After/);
      expect(response.headers.get("access-control-expose-headers")).toMatch(/X-Request-Id/);
      await response.arrayBuffer();
    }
  });
});

describe("routes and methods", () => {
  const service = withService({
    THROTTLE_SETTINGS_RATE_LIMIT: "1000",
    THROTTLE_SETTINGS_BURST_LIMIT: "1000",
  });

  it.each(["/", "/nope", "/passthrough/extra", "/v2/passthrough", "/examples", "/examples/"])(
    "answers 404 for POST %s",
    async (path) => {
      await expectJsonError(await service().post(path, ask), 404, "not_found");
    },
  );

  it("answers 404 for an unknown app, naming nothing but the path", async () => {
    const body = await expectJsonError(await service().post("/examples/no-such-app", ask), 404, "not_found");
    expect(body.error.message).toContain("/examples/no-such-app");
  });

  it.each([
    ["GET", "/passthrough", "POST, OPTIONS"],
    ["PUT", "/examples/default-grammar", "POST, OPTIONS"],
    ["DELETE", "/langchain", "POST, OPTIONS"],
    ["POST", "/info", "GET, OPTIONS"],
    ["PATCH", "/openai_function_passthrough", "POST, OPTIONS"],
  ])("answers 405 for %s %s with Allow: %s", async (method, path, allow) => {
    const response = await fetch(`${service().url}${path}`, {
      method,
      ...(method === "GET" ? {} : { body: "{}" }),
    });
    await expectJsonError(response, 405, "method_not_allowed");
    expect(response.headers.get("allow")).toBe(allow);
  });

  it("passes the preflight of an unknown route, so the browser sees the 404 of the POST after it", async () => {
    expect((await fetch(`${service().url}/nope`, { method: "OPTIONS" })).status).toBe(204);
    const missing = await service().post("/examples/default-single-page-websit", ask);
    await expectJsonError(missing, 404);
    expect(missing.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("accepts a trailing slash and a query string on a known route", async () => {
    await expectCompletion(await service().post("/passthrough/?debug=1", ask));
  });
});

describe("throttling per key (rate 1/s, burst 2)", () => {
  const service = withService({
    API_KEYS: `${KEY_A},${KEY_B}`,
    THROTTLE_SETTINGS_RATE_LIMIT: "1",
    THROTTLE_SETTINGS_BURST_LIMIT: "2",
  });

  it("lets the burst through, then answers 429 with Retry-After, per key", async () => {
    const send = (key: string) => service().post("/passthrough", ask, { "x-api-key": key });
    // Sent together, so no token can refill between them however slow the machine is.
    const responses = await Promise.all([send(KEY_A), send(KEY_A), send(KEY_A), send(KEY_B), send(KEY_B)]);
    const forA = responses.slice(0, 3);
    expect(forA.map((response) => response.status).sort()).toEqual([200, 200, 429]);
    const throttled = forA.find((response) => response.status === 429);
    if (!throttled) throw new Error("no request was throttled");
    const body = await expectJsonError(throttled, 429, "rate_limited");
    expect(body.error.message).toMatch(/too many requests/i);
    expect(throttled.headers.get("retry-after")).toBe("1");
    // The other key has its own bucket: its burst is untouched by the first key's requests.
    for (const response of [...forA.filter((r) => r !== throttled), ...responses.slice(3)])
      await expectCompletion(response);
  });

  it("lets the key through again after Retry-After", async () => {
    const send = () => service().post("/passthrough", ask, { "x-api-key": KEY_A });
    let response = await send();
    while (response.status === 200) response = await send();
    const wait = Number(response.headers.get("retry-after"));
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    await expectCompletion(await send());
  });
});

describe("quota per key (limit 3 per day)", () => {
  const service = withService({
    API_KEYS: `${KEY_A},${KEY_B}`,
    QUOTA_SETTINGS_LIMIT: "3",
    QUOTA_SETTINGS_PERIOD: "DAY",
    THROTTLE_SETTINGS_RATE_LIMIT: "1000",
    THROTTLE_SETTINGS_BURST_LIMIT: "1000",
  });

  it("answers the 4th request 429 with Retry-After until the quota resets; the other key is unaffected", async () => {
    const send = (key: string) => service().post("/examples/default-grammar", ask, { "x-api-key": key });
    for (let i = 0; i < 3; i++) await expectCompletion(await send(KEY_A));
    const spent = await send(KEY_A);
    const body = await expectJsonError(spent, 429, "quota_exceeded");
    expect(body.error.message).toMatch(/quota of 3/);
    const expected = (periodEnd("DAY", new Date()).getTime() - Date.now()) / 1000;
    expect(Math.abs(Number(spent.headers.get("retry-after")) - expected)).toBeLessThanOrEqual(2);
    await expectJsonError(await send(KEY_A), 429);
    await expectCompletion(await send(KEY_B));
  });

  it("does not spend quota on requests refused for their key", async () => {
    for (let i = 0; i < 5; i++)
      await expectJsonError(await service().post("/passthrough", ask, { "x-api-key": "bad" }), 403);
    // KEY_B spent one request above: two remain, refused requests did not count.
    const send = () => service().post("/passthrough", ask, { "x-api-key": KEY_B });
    await expectCompletion(await send());
    await expectCompletion(await send());
    await expectJsonError(await send(), 429, "quota_exceeded");
  });
});

describe("without API keys (local default): nothing to throttle or meter by", () => {
  const service = withService({
    THROTTLE_SETTINGS_RATE_LIMIT: "1",
    THROTTLE_SETTINGS_BURST_LIMIT: "2",
    QUOTA_SETTINGS_LIMIT: "3",
  });

  it("answers more requests than the burst and the quota allow a key", async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => service().post("/passthrough", ask)));
    for (const response of responses) await expectCompletion(response);
  });
});

describe("without API keys: no DNS rebinding, no cross-site simple requests", () => {
  const service = withService({ PUBLIC_HOSTS: "chat.example.internal" });

  it("refuses a Host header other than loopback, HOST and PUBLIC_HOSTS", async () => {
    const { request } = await import("node:http");
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(service().url);
        request({ host: url.hostname, port: url.port, path: "/info", headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
          .on("error", reject)
          .end();
      });
    expect(await status("attacker.example:3000")).toBe(403);
    expect(await status(`localhost:${new URL(service().url).port}`)).toBe(200);
    expect(await status("chat.example.internal")).toBe(200);
  });

  it("refuses a body without a JSON content type with 415", async () => {
    const response = await fetch(`${service().url}/passthrough`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify(ask),
    });
    await expectJsonError(response, 415, "unsupported_media_type");
    await expectCompletion(await service().post("/passthrough", ask));
  });
});
