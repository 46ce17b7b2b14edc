import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AwsCredentials } from "../../../src/common/aws/credentials.js";
import { createSigner, type SignableRequest, uriEncode } from "../../../src/common/aws/signer.js";
import { sdkSign, sdkSigner } from "../../support/sdk-signer.js";

/** Characters that URI encoding, path normalisation or query sorting treat specially. */
const SPECIAL = [..."!*'();:@&=+$,/?#[]%~-_. \t"];
const unit = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.constantFrom("a", "Z", "0", "9"),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
);
const text = fc.string({ unit, maxLength: 12 });

/** Path segments, some already encoded as sent, some not; `.`, `..` and empty ones among them. */
const path = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.constantFrom("", ".", ".."),
        text.filter((segment) => !segment.includes("/")).map(uriEncode),
        text.filter((segment) => !segment.includes("/")),
      ),
      { maxLength: 5 },
    ),
    fc.boolean(),
  )
  .map(([segments, trailingSlash]) => `/${segments.join("/")}${trailingSlash && segments.length ? "/" : ""}`);

const queryName = fc.oneof(text, fc.constantFrom("", "list-type", "Prefix", "prefix", "X-Amz-Signature"));
const query = fc.dictionary(
  queryName.filter((name) => name !== "__proto__"),
  fc.oneof(text, fc.array(fc.oneof(text, fc.constant("")), { maxLength: 4 })),
  { maxKeys: 6 },
);

/** Runs of spaces and tabs, line breaks, blanks at either end: all canonicalised away. */
const headerValue = fc.string({
  unit: fc.oneof(fc.constantFrom(" ", "  ", "\t", "\r\n", "a", "b", ";", "=", "/"), fc.constantFrom("x")),
  maxLength: 16,
});

/** Signed, unsigned and generated names, in mixed case; none twice in different case. */
const HEADER_NAMES = [
  "content-type",
  "X-Amz-Target",
  "x-amz-meta-note",
  "Range",
  "user-agent",
  "X-Amzn-Trace-Id",
  "proxy-authorization",
  "sec-fetch-mode",
  "cache-control",
  "Date",
  "X-Amz-Date",
  "authorization",
  "x-amz-content-sha256",
];
const headers = fc
  .tuple(fc.subarray(HEADER_NAMES), fc.array(headerValue, { minLength: HEADER_NAMES.length }))
  .map(([names, values]) => Object.fromEntries(names.map((name, index) => [name, values[index] ?? ""])));

const body = fc.option(
  fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.uint8Array({ maxLength: 40 })),
  {
    nil: undefined,
  },
);

const credentials: fc.Arbitrary<AwsCredentials> = fc
  .record({
    accessKeyId: fc.stringMatching(/^[A-Z0-9]{4,20}$/),
    secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }),
    sessionToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{1,60}$/), { nil: undefined }),
  })
  .map(({ sessionToken, ...keys }) => (sessionToken === undefined ? keys : { ...keys, sessionToken }));

const request: fc.Arbitrary<SignableRequest> = fc
  .record({
    method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD"),
    host: fc.constantFrom(
      "dynamodb.eu-west-3.amazonaws.com",
      "bucket.s3.us-east-1.amazonaws.com",
      "127.0.0.1:4569",
    ),
    path,
    query,
    headers,
    body,
  })
  .map(({ host, headers, body, ...rest }) => ({
    ...rest,
    headers: { host, ...headers },
    ...(body === undefined ? {} : { body }),
  }));

const signingDate = fc.date({
  min: new Date("2000-01-01T00:00:00Z"),
  max: new Date("2099-12-31T23:59:59Z"),
  noInvalidDate: true,
});

describe("the SigV4 signer", () => {
  it("signs the published example: IAM ListUsers", () => {
    const signer = createSigner("iam", "us-east-1", {
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    });
    const signed = signer.sign(
      {
        method: "GET",
        path: "/",
        query: { Action: "ListUsers", Version: "2010-05-08" },
        headers: {
          host: "iam.amazonaws.com",
          "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        },
      },
      new Date("2015-08-30T12:36:00Z"),
    );
    expect(signed).toEqual({
      host: "iam.amazonaws.com",
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      "x-amz-date": "20150830T123600Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, " +
        "SignedHeaders=content-type;host;x-amz-date, " +
        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
    });
  });

  it("gives the headers the SDK's signer gives, for any request, service and credentials", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("s3", "dynamodb", "ssm"),
        fc.constantFrom("us-east-1", "eu-west-3", "cn-north-1"),
        credentials,
        request,
        signingDate,
        async (service, region, keys, toSign, at) => {
          const ours = createSigner(service, region, keys).sign(toSign, at);
          expect(ours).toEqual(await sdkSign(sdkSigner(service, region, keys), toSign, at));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("derives the signing key again when the day changes", async () => {
    const keys = { accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token" };
    const signer = createSigner("dynamodb", "eu-west-3", keys);
    const toSign = {
      method: "POST",
      path: "/",
      headers: { host: "dynamodb.eu-west-3.amazonaws.com" },
      body: "{}",
    };
    for (const at of ["2026-12-03T23:59:59Z", "2026-12-04T00:00:00Z", "2026-12-03T12:00:00Z"].map(
      (iso) => new Date(iso),
    ))
      expect(signer.sign(toSign, at)).toEqual(
        await sdkSign(sdkSigner("dynamodb", "eu-west-3", keys), toSign, at),
      );
  });

  it("adds the payload hash header for S3 only, and signs with a caller's own", () => {
    const keys = { accessKeyId: "AKID", secretAccessKey: "secret" };
    const toSign = { method: "GET", path: "/a%20b", headers: { host: "bucket.s3.amazonaws.com" } };
    const at = new Date("2026-12-03T00:00:00Z");
    const emptyHash = createHash("sha256").update("").digest("hex");
    expect(createSigner("s3", "us-east-1", keys).sign(toSign, at)["x-amz-content-sha256"]).toBe(emptyHash);
    expect(createSigner("ssm", "us-east-1", keys).sign(toSign, at)).not.toHaveProperty(
      "x-amz-content-sha256",
    );
    const unsigned = createSigner("s3", "us-east-1", keys).sign(
      { ...toSign, headers: { ...toSign.headers, "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD" } },
      at,
    );
    expect(unsigned).not.toHaveProperty("x-amz-content-sha256");
    expect(unsigned["X-Amz-Content-Sha256"]).toBe("UNSIGNED-PAYLOAD");
  });
});
