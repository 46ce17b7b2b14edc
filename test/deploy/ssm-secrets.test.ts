import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/common/settings/load.js";
import { readSecretParameters, secretParameterNames } from "../../src/common/settings/ssm-secrets.js";
import { type FakeAws, startFakeAws } from "./support/fake-aws.js";

const KEY = "sk-from-parameter-store-0123456789";
const SECRET_ACCESS_KEY = "lambda-like-test-secret";

describe("secrets read from SSM Parameter Store at cold start", () => {
  let aws: FakeAws;
  /** What Lambda puts in a function's environment, with SSM pointed at the loopback stand-in. */
  let lambdaEnv: Record<string, string>;

  beforeAll(async () => {
    aws = await startFakeAws({ "/stacks/aws-openai/openai-api-key": KEY }, SECRET_ACCESS_KEY);
    lambdaEnv = {
      AWS_ENDPOINT_URL: aws.url,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "ASIATESTTESTTESTTEST",
      AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: "test-session-token",
    };
  });
  afterEach(() => {
    aws.calls.length = 0;
  });
  afterAll(async () => {
    await aws.close();
  });

  it("finds the parameter names the environment gives", () => {
    const names = secretParameterNames({ OPENAI_API_KEY_PARAMETER: " /a/key ", OTHER_PARAMETER: "/x" });
    expect([...names]).toEqual([["OPENAI_API_KEY", "/a/key"]]);
  });

  it("asks AWS nothing when no parameter is configured", async () => {
    expect(await readSecretParameters({ OPENAI_API_KEY: "sk-local" })).toEqual({});
    expect(aws.calls).toEqual([]);
  });

  it("reads and decrypts the named parameter", async () => {
    const secrets = await readSecretParameters({
      ...lambdaEnv,
      OPENAI_API_KEY_PARAMETER: "/stacks/aws-openai/openai-api-key",
    });
    expect(secrets).toEqual({ OPENAI_API_KEY: KEY });
    expect(aws.calls).toHaveLength(1);
    const [call] = aws.calls;
    expect(call?.target).toBe("AmazonSSM.GetParameters");
    expect(JSON.parse(call?.body ?? "{}")).toEqual({
      Names: ["/stacks/aws-openai/openai-api-key"],
      WithDecryption: true,
    });
    expect(call?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIATESTTESTTESTTEST\/\d{8}\/us-east-1\/ssm\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(call?.headers["x-amz-security-token"]).toBe("test-session-token");
    expect(call?.signatureValid).toBe(true);
  });

  it("names a missing parameter", async () => {
    await expect(
      readSecretParameters({ ...lambdaEnv, OPENAI_API_KEY_PARAMETER: "/nope/key" }),
    ).rejects.toThrow("SSM parameters not found: /nope/key");
  });

  it("says what is missing without credentials", async () => {
    await expect(
      readSecretParameters({
        AWS_REGION: "us-east-1",
        OPENAI_API_KEY_PARAMETER: "/stacks/aws-openai/openai-api-key",
      }),
    ).rejects.toThrow(/no AWS credentials in the environment/);
    expect(aws.calls).toEqual([]);
  });

  it("makes the parameter's value the setting, masked, over any plain value", async () => {
    const { settings, origins } = await loadSettings({
      rootDir: "/nonexistent-root",
      env: {
        ...lambdaEnv,
        OPENAI_API_KEY: "sk-plain-env",
        OPENAI_API_KEY_PARAMETER: "/stacks/aws-openai/openai-api-key",
      },
    });
    expect(settings.OPENAI_API_KEY?.reveal()).toBe(KEY);
    expect(origins.OPENAI_API_KEY).toBe("ssm parameter store");
    expect(JSON.stringify(settings)).not.toContain(KEY);
  });
});
