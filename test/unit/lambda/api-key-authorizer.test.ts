import { readFileSync } from "node:fs";
import type { APIGatewayRequestAuthorizerEvent } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handler, PRINCIPAL_ID, UNAUTHORIZED } from "../../../src/handlers/api_key_authorizer/index.js";

const fixture = JSON.parse(
  readFileSync(new URL("../../deploy/fixtures/events/api_key_authorizer.json", import.meta.url), "utf8"),
) as APIGatewayRequestAuthorizerEvent;
const FIXTURE_KEY = "sk-usage-plan-key-0123456789";

/** The fixture's request with its key headers replaced (headers and multiValueHeaders alike). */
function withKeyHeaders(keyHeaders: Record<string, string>): APIGatewayRequestAuthorizerEvent {
  const isKeyHeader = (name: string) => ["authorization", "x-api-key"].includes(name.toLowerCase());
  const keep = <T>(headers: Record<string, T> | null) =>
    Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !isKeyHeader(name)));
  return {
    ...fixture,
    headers: { ...keep(fixture.headers), ...keyHeaders },
    multiValueHeaders: {
      ...keep(fixture.multiValueHeaders),
      ...Object.fromEntries(Object.entries(keyHeaders).map(([name, value]) => [name, [value]])),
    },
  };
}

const allowing = (key: string) => ({
  principalId: PRINCIPAL_ID,
  policyDocument: {
    Version: "2012-10-17",
    Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: fixture.methodArn }],
  },
  usageIdentifierKey: key,
});

describe("the API key authorizer", () => {
  afterEach(() => vi.restoreAllMocks());

  it("allows the method and hands API Gateway the bearer key of an OpenAI client's request", async () => {
    await expect(handler(fixture)).resolves.toEqual(allowing(FIXTURE_KEY));
  });

  it.each([
    [{ "x-api-key": "k-lower" }, "k-lower"],
    [{ "X-API-Key": "k-mixed" }, "k-mixed"],
    [{ "X-API-KEY": "k-upper" }, "k-upper"],
    [{ authorization: "Bearer k-lower-auth" }, "k-lower-auth"],
    [{ AUTHORIZATION: "bearer k-upper-auth" }, "k-upper-auth"],
    [{ Authorization: "Bearer \tk-padded  " }, "k-padded"],
    [{ "x-api-key": "k-header", Authorization: "Bearer k-bearer" }, "k-header"],
    [{ "x-api-key": "", Authorization: "Bearer k-after-empty" }, "k-after-empty"],
  ])("reads %j as the key %s", async (headers, key) => {
    await expect(handler(withKeyHeaders(headers))).resolves.toEqual(allowing(key));
  });

  it.each([
    ["no key header at all", {}],
    ["an empty x-api-key", { "x-api-key": "" }],
    ["Basic credentials", { Authorization: "Basic dXNlcjpwYXNz" }],
    ["a bearer scheme without a token", { Authorization: "Bearer " }],
    ["a token with a space in it", { Authorization: "Bearer two words" }],
    ["a token without its scheme", { Authorization: FIXTURE_KEY }],
    ["a scheme glued to its token", { Authorization: `Bearer${FIXTURE_KEY}` }],
  ])("answers Unauthorized (API Gateway's 401) to %s", async (_, headers) => {
    await expect(handler(withKeyHeaders(headers))).rejects.toThrow(new Error(UNAUTHORIZED));
  });

  it("answers Unauthorized when API Gateway passes no headers", async () => {
    await expect(handler({ ...fixture, headers: null, multiValueHeaders: null })).rejects.toThrow(
      UNAUTHORIZED,
    );
  });

  it("writes nothing to the log, so the key never reaches it", async () => {
    const writes = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level),
    );
    const stdout = vi.spyOn(process.stdout, "write");
    await handler(fixture);
    await handler(withKeyHeaders({})).catch(() => undefined);
    for (const write of [...writes, stdout]) expect(write).not.toHaveBeenCalled();
  });
});
