import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { S3ReadClient } from "../../src/common/aws/s3-client.js";
import { S3PluginSource } from "../../src/handlers/openai_function/plugins/s3-source.js";
import { sigv4Valid } from "../deploy/support/sigv4-check.js";
import { LOCAL_S3_CREDENTIALS, type LocalS3, startLocalS3 } from "./support/local-s3.js";
import { type ScriptedProxy, startScriptedProxy } from "./support/scripted-proxy.js";

const xmlError = (status: number, code: string, message: string) => ({
  status,
  headers: { "content-type": "application/xml" },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>1</RequestId></Error>`,
});

const listing = (keys: string[], next?: string) => ({
  status: 200,
  headers: { "content-type": "application/xml" },
  body: `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>${next ? "true" : "false"}</IsTruncated>${keys
    .map((key) => `<Contents><Key>${key}</Key><ETag>&quot;${key}&quot;</ETag><Size>10</Size></Contents>`)
    .join("")}${next ? `<NextContinuationToken>${next}</NextContinuationToken>` : ""}</ListBucketResult>`,
});

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error))
    throw new Error(`expected a rejection with an Error, got ${String(outcome)}`);
  return outcome;
}

describe("S3 without the SDK (s3rver behind a scripted proxy)", () => {
  let s3: LocalS3;
  let proxy: ScriptedProxy;
  let waits: number[];

  const client = (credentials = LOCAL_S3_CREDENTIALS) =>
    new S3ReadClient({
      region: "us-east-1",
      credentials,
      endpoint: proxy.url,
      retry: {
        sleep: async (ms) => {
          waits.push(ms);
        },
        random: () => 1,
      },
    });

  beforeAll(async () => {
    s3 = await startLocalS3();
    proxy = await startScriptedProxy(s3.endpoint);
  });
  afterEach(() => {
    proxy.reset();
    waits = [];
  });
  afterAll(async () => {
    await proxy.close();
    await s3.stop();
  });

  // s3rver does not check SigV4 signatures; the independent check of the SSM tests does.
  it("lists and gets objects whose keys need encoding, each request validly signed", async () => {
    const key = "odd/a b&c+d'(x)*~é.yaml";
    await s3.put(key, "text with é");
    const page = await client().listObjectsPage(s3.bucket, "odd/");
    expect(page).toEqual({
      objects: [{ key, etag: `"${md5("text with é")}"`, size: Buffer.byteLength("text with é") }],
      nextContinuationToken: undefined,
    });
    expect(await client().getObjectText(s3.bucket, key)).toEqual({
      text: "text with é",
      etag: `"${md5("text with é")}"`,
    });
    expect(proxy.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
      `GET /${s3.bucket}?list-type=2&prefix=odd%2F`,
      `GET /${s3.bucket}/odd/a%20b%26c%2Bd%27%28x%29%2A~%C3%A9.yaml`,
    ]);
    const validFor = (secret: string) =>
      proxy.requests.map((request) => sigv4Valid({ ...request, body: "" }, secret));
    expect(validFor(LOCAL_S3_CREDENTIALS.secretAccessKey)).toEqual([true, true]);
    expect(validFor("another secret")).toEqual([false, false]);
  });

  it("follows continuation tokens to the last page", async () => {
    await s3.put("paged/a.yaml", "a");
    await s3.put("paged/b.yaml", "b");
    proxy.script(listing(["paged/a.yaml"], "token/2+"), listing(["paged/b.yaml"]));
    const load = await new S3PluginSource(client(), s3.bucket, "paged/").load();
    expect(load.problems.map(({ source }) => source)).toEqual([
      `s3://${s3.bucket}/paged/a.yaml`,
      `s3://${s3.bucket}/paged/b.yaml`,
    ]);
    expect(proxy.requests.slice(0, 2).map(({ path }) => path)).toEqual([
      `/${s3.bucket}?list-type=2&prefix=paged%2F`,
      `/${s3.bucket}?continuation-token=token%2F2%2B&list-type=2&prefix=paged%2F`,
    ]);
  });

  it("takes the endpoint override the AWS SDKs honour (AWS_ENDPOINT_URL_S3), addressed path-style", async () => {
    await s3.put("override/a.yaml", "a");
    const viaEnv = new S3ReadClient({
      region: "us-east-1",
      credentials: LOCAL_S3_CREDENTIALS,
      env: { AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ENDPOINT_URL_S3: proxy.url },
    });
    const page = await viaEnv.listObjectsPage(s3.bucket, "override/");
    expect(page.objects.map(({ key }) => key)).toEqual(["override/a.yaml"]);
    expect(proxy.requests.map(({ path }) => path)).toEqual([`/${s3.bucket}?list-type=2&prefix=override%2F`]);
  });

  it("fails at once on refused credentials (403), naming S3's error code", async () => {
    const error = await failureOf(
      client({ ...LOCAL_S3_CREDENTIALS, accessKeyId: "AKIAUNKNOWN" }).listObjectsPage(s3.bucket, ""),
    );
    expect(error.message).toBe(
      "InvalidAccessKeyId (HTTP 403): The AWS Access Key Id you provided does not exist in our records.",
    );
    expect(proxy.requests).toHaveLength(1);
  });

  it("fails at once on a bucket that does not exist (404)", async () => {
    const error = await failureOf(client().listObjectsPage("no-such-bucket", ""));
    expect(error.message).toBe("NoSuchBucket (HTTP 404): The specified bucket does not exist");
    expect(proxy.requests).toHaveLength(1);
  });

  it("retries a server error (500) and then reads the answer", async () => {
    await s3.put("retried/a.yaml", "a");
    proxy.script(xmlError(500, "InternalError", "We encountered an internal error. Please try again."));
    const page = await client().listObjectsPage(s3.bucket, "retried/");
    expect(page.objects.map(({ key }) => key)).toEqual(["retried/a.yaml"]);
    expect(proxy.requests).toHaveLength(2);
    expect(waits).toEqual([100]);
  });

  it("reports a proxy's HTML page by its status and a short excerpt, after the last attempt", async () => {
    const page = {
      status: 502,
      headers: { "content-type": "text/html" },
      body: `<html>${"<p>bad gateway</p>".repeat(50)}</html>`,
    };
    proxy.script(page, page, page, page);
    const error = await failureOf(client().listObjectsPage(s3.bucket, ""));
    expect(error.message).toMatch(
      /^HTTP 502 with a body that is not XML: ".*bad gateway.*…" \(gave up after 4 attempts\)$/,
    );
    expect(error.message.length).toBeLessThan(300);
    expect(proxy.requests).toHaveLength(4);
  });

  it("refuses a 200 whose body is not a listing, without retrying", async () => {
    proxy.script({ status: 200, body: "<html>captive portal</html>" });
    const error = await failureOf(client().listObjectsPage(s3.bucket, ""));
    expect(error.message).toBe(
      "HTTP 200 with a body that is not a ListObjectsV2 answer: the root element is html, not ListBucketResult",
    );
    expect(proxy.requests).toHaveLength(1);
  });
});
