import { createSigner, type SignableRequest } from "../src/common/aws/signer.js";
import { sdkSign, sdkSigner } from "../test/support/sdk-signer.js";

/**
 * CPU per SigV4 signature: ours (src/common/aws/signer.ts) against the AWS SDK's signer set up as
 * the project used it before, signing the same requests in the same run, in alternating rounds.
 * The requests are the ones the functions send: the usage meter's DynamoDB UpdateItem on every
 * answer, the settings' SSM GetParameters at a cold start, the plugin loader's S3 reads.
 */

const SIGNATURES = Number(process.env.BENCH_SIGNATURES ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const CREDENTIALS = {
  accessKeyId: "ASIAEXAMPLEEXAMPLE00",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  // Lambda's role credentials always come with one.
  sessionToken: `IQoJb3JpZ2luX2VjE${"A".repeat(600)}`,
};

const updateItem = JSON.stringify({
  TableName: "aws-openai-usage",
  Key: { owner: { S: "key#3f2a" }, period: { S: "2026-12" } },
  UpdateExpression: "ADD promptTokens :p, completionTokens :c, answers :one",
  ExpressionAttributeValues: { ":p": { N: "200" }, ":c": { N: "300" }, ":one": { N: "1" } },
});

const REQUESTS: { name: string; service: string; request: SignableRequest }[] = [
  {
    name: "DynamoDB UpdateItem",
    service: "dynamodb",
    request: {
      method: "POST",
      path: "/",
      headers: {
        host: "dynamodb.eu-west-3.amazonaws.com",
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.UpdateItem",
      },
      body: updateItem,
    },
  },
  {
    name: "SSM GetParameters",
    service: "ssm",
    request: {
      method: "POST",
      path: "/",
      headers: {
        host: "ssm.eu-west-3.amazonaws.com",
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AmazonSSM.GetParameters",
      },
      body: JSON.stringify({ Names: ["/aws-openai/openai-api-key"], WithDecryption: true }),
    },
  },
  {
    name: "S3 ListObjectsV2",
    service: "s3",
    request: {
      method: "GET",
      path: "/",
      query: { "list-type": "2", prefix: "plugins/" },
      headers: { host: "aws-openai-plugins.s3.eu-west-3.amazonaws.com" },
    },
  },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** µs of CPU per signature over one round. */
async function round(sign: () => unknown): Promise<number> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < SIGNATURES; i++) await sign();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / SIGNATURES;
}

export default async function signingBench(): Promise<void> {
  process.stdout.write(
    `${SIGNATURES} signatures a round, median of ${ROUNDS} rounds, µs of CPU per signature (both awaited)\n`,
  );
  for (const { name, service, request } of REQUESTS) {
    const ours = createSigner(service, "eu-west-3", CREDENTIALS);
    const sdk = sdkSigner(service, "eu-west-3", CREDENTIALS);
    const signOurs = () => ours.sign(request);
    const signSdk = () => sdkSign(sdk, request);
    await round(signOurs);
    await round(signSdk);
    const oursUs: number[] = [];
    const sdkUs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      oursUs.push(await round(signOurs));
      sdkUs.push(await round(signSdk));
    }
    const [a, b] = [median(oursUs), median(sdkUs)];
    process.stdout.write(
      `${name.padEnd(22)} ours ${a.toFixed(1).padStart(6)} µs  SDK ${b.toFixed(1).padStart(6)} µs  ours/SDK ${(a / b).toFixed(2)}\n`,
    );
  }
}
