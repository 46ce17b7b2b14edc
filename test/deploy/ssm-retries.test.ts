import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getParameters, type SsmClientOptions } from "../../src/common/settings/ssm-client.js";
import { readSecretParameters } from "../../src/common/settings/ssm-secrets.js";
import { type FakeAws, faults, startFakeAws } from "./support/fake-aws.js";

const PARAMETER = "/stacks/aws-openai/openai-api-key";
const KEY = "sk-from-parameter-store-0123456789";
const SECRET_ACCESS_KEY = "lambda-like-test-secret";
const SESSION_TOKEN = "test-session-token";

/** The reason a promise rejected, which must be an Error. */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error))
    throw new Error(`expected a rejection with an Error, got ${String(outcome)}`);
  return outcome;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("SSM GetParameters when the endpoint misbehaves", () => {
  let aws: FakeAws;
  let lambdaEnv: Record<string, string>;
  /** The waits asked for between attempts, in order; none is actually waited. */
  let waits: number[];
  let options: SsmClientOptions;

  beforeAll(async () => {
    aws = await startFakeAws({ [PARAMETER]: KEY }, SECRET_ACCESS_KEY);
    lambdaEnv = {
      AWS_ENDPOINT_URL: aws.url,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "ASIATESTTESTTESTTEST",
      AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: SESSION_TOKEN,
    };
  });
  beforeEach(() => {
    waits = [];
    options = {
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 1,
    };
  });
  afterEach(() => {
    aws.reset();
    vi.useRealTimers();
  });
  afterAll(async () => {
    await aws.close();
  });

  const read = (overrides: SsmClientOptions = {}) =>
    getParameters([PARAMETER], lambdaEnv, { ...options, ...overrides });
  const KEY_READ = {
    Parameters: [expect.objectContaining({ Name: PARAMETER, Value: KEY })],
    InvalidParameters: [],
  };

  it("retries throttling until it passes", async () => {
    aws.script(faults.throttling(), faults.throttling());
    expect(await read()).toEqual(KEY_READ);
    expect(aws.requestCount).toBe(3);
  });

  it("retries a 429 without a body", async () => {
    aws.script(faults.tooManyRequests());
    expect(await read()).toEqual(KEY_READ);
    expect(aws.requestCount).toBe(2);
  });

  it("retries a server error", async () => {
    aws.script(faults.internalError());
    expect(await read()).toEqual(KEY_READ);
    expect(aws.requestCount).toBe(2);
  });

  it("retries a proxy's HTML 502 page", async () => {
    aws.script(faults.htmlBadGateway());
    expect(await read()).toEqual(KEY_READ);
    expect(aws.requestCount).toBe(2);
  });

  it("retries a connection reset", async () => {
    aws.script(faults.reset());
    expect(await read()).toEqual(KEY_READ);
    expect(aws.requestCount).toBe(2);
  });

  it("abandons an attempt that gets no answer in time and retries", async () => {
    aws.script(faults.hang());
    expect(await read({ attemptTimeoutMs: 100 })).toEqual(KEY_READ);
    expect(aws.requestCount).toBe(2);
  });

  it("says how long it waited for an endpoint that never answers", async () => {
    aws.script(faults.hang(), faults.hang());
    const error = await failureOf(read({ attemptTimeoutMs: 100, maxAttempts: 2 }));
    expect(error.message).toBe(
      `no answer from ${new URL(aws.url).host} within 100 ms (gave up after 2 attempts)`,
    );
    expect(aws.requestCount).toBe(2);
  });

  it("signs every attempt anew, with its own time", async () => {
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    aws.script(faults.throttling(), faults.throttling());
    await read({
      sleep: async () => {
        vi.setSystemTime(Date.now() + 60_000);
      },
    });
    expect(aws.calls.every((call) => call.signatureValid)).toBe(true);
    expect(aws.calls.map((call) => call.headers["x-amz-date"])).toEqual([
      "20300101T000000Z",
      "20300101T000100Z",
      "20300101T000200Z",
    ]);
  });

  it("waits with full jitter under a capped exponential step", async () => {
    aws.script(...Array.from({ length: 5 }, faults.throttling));
    await read({ maxAttempts: 6 });
    expect(waits).toEqual([100, 200, 400, 800, 1000]);

    waits = [];
    aws.script(faults.throttling(), faults.throttling());
    await read({ random: () => 0.25 });
    expect(waits).toEqual([25, 50]);
  });

  it("fails at once on an error retrying cannot mend, naming its type", async () => {
    aws.script(faults.accessDenied());
    const error = await failureOf(read());
    expect(error.message).toMatch(/^AccessDeniedException \(HTTP 400\): User: .* is not authorized/);
    expect(aws.requestCount).toBe(1);
    expect(waits).toEqual([]);
  });

  it("gives up on persistent throttling after the last attempt, saying how many there were", async () => {
    aws.script(...Array.from({ length: 10 }, faults.throttling));
    const error = await failureOf(read());
    expect(error.message).toBe("ThrottlingException (HTTP 400): Rate exceeded (gave up after 4 attempts)");
    expect(aws.requestCount).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it("gives up on an endpoint that refuses connections", async () => {
    const port = await closedPort();
    const error = await failureOf(
      getParameters([PARAMETER], { ...lambdaEnv, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` }, options),
    );
    expect(error.message).toMatch(/ECONNREFUSED.*\(gave up after 4 attempts\)$/);
  });

  it("reports an HTML page from a proxy by its status and a short excerpt, not as a SyntaxError", async () => {
    aws.script(...Array.from({ length: 4 }, faults.htmlBadGateway));
    const error = await failureOf(read());
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error.message).toMatch(/^HTTP 502 with a body that is not JSON: ".*502 Bad Gateway.*…"/);
    expect(error.message.length).toBeLessThan(300);
  });

  it("reports an empty error body by its status", async () => {
    aws.script({ kind: "answer", status: 403, headers: {}, body: "" });
    const error = await failureOf(read());
    expect(error.message).toBe("HTTP 403 with an empty body");
    expect(aws.requestCount).toBe(1);
  });

  it("takes a 200 whose body is not JSON for an error, quoting none of the secret it may hold", async () => {
    const answer = JSON.stringify({ Parameters: [{ Name: PARAMETER, Value: KEY }] });
    aws.script(faults.truncate(answer.indexOf(KEY.slice(-4))));
    const error = await failureOf(
      readSecretParameters({ ...lambdaEnv, OPENAI_API_KEY_PARAMETER: PARAMETER }),
    );
    expect(error.message).toMatch(/HTTP 200 with a body that is not a GetParameters answer/);
    expect(aws.requestCount).toBe(1);
    for (const secret of [KEY.slice(0, 12), SECRET_ACCESS_KEY, SESSION_TOKEN])
      expect(error.message).not.toContain(secret);
  });
});
