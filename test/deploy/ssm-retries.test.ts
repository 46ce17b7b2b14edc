import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getParameters } from "../../src/common/settings/ssm-client.js";
import { readSecretParameters } from "../../src/common/settings/ssm-secrets.js";
import { type FakeAws, faults, startFakeAws } from "./support/fake-aws.js";

const PARAMETER = "/aws-openai/openai-api-key";
const KEY = "sk-from-parameter-store-0123456789";
const SECRET_ACCESS_KEY = "lambda-like-test-secret";

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

describe("SSM GetParameters when the endpoint misbehaves", () => {
  let aws: FakeAws;
  let lambdaEnv: Record<string, string>;

  beforeAll(async () => {
    aws = await startFakeAws({ [PARAMETER]: KEY }, SECRET_ACCESS_KEY);
    lambdaEnv = {
      AWS_ENDPOINT_URL: aws.url,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "ASIATESTTESTTESTTEST",
      AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: "test-session-token",
    };
  });
  afterEach(() => {
    aws.reset();
  });
  afterAll(async () => {
    await aws.close();
  });

  const read = () => getParameters([PARAMETER], lambdaEnv);

  it("names the error type of an AWS error", async () => {
    aws.script(faults.accessDenied());
    const error = await failureOf(read());
    expect(error.message).toMatch(/^AccessDeniedException \(HTTP 400\): User: .* is not authorized/);
  });

  it("reports an HTML page from a proxy by its status and a short excerpt, not as a SyntaxError", async () => {
    aws.script(faults.htmlBadGateway());
    const error = await failureOf(read());
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error.message).toContain("HTTP 502");
    expect(error.message).toContain("502 Bad Gateway");
    expect(error.message.length).toBeLessThan(300);
  });

  it("reports an empty error body by its status", async () => {
    aws.script({ kind: "answer", status: 403, headers: {}, body: "" });
    const error = await failureOf(read());
    expect(error.message).toBe("HTTP 403 with an empty body");
  });

  it("takes a 200 whose body is not JSON for an error, quoting none of the secret it may hold", async () => {
    const cutInsideTheValue = JSON.stringify({ Parameters: [{ Name: PARAMETER, Value: KEY }] }).indexOf(
      KEY.slice(-4),
    );
    aws.script(faults.truncate(cutInsideTheValue));
    const error = await failureOf(
      readSecretParameters({ ...lambdaEnv, OPENAI_API_KEY_PARAMETER: PARAMETER }),
    );
    expect(error.message).toMatch(/HTTP 200 with a body that is not a GetParameters answer/);
    expect(error.message).not.toContain(KEY.slice(0, 12));
    expect(error.message).not.toContain(SECRET_ACCESS_KEY);
  });
});
