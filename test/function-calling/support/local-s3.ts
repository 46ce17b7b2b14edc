import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { S3ReadClient } from "../../../src/common/aws/s3-client.js";

/** The fake credentials s3rver accepts: it checks the access key id, not SigV4 signatures (sigv4-check.ts does). */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  client: S3Client;
  put(key: string, body: string): Promise<void>;
  remove(key: string): Promise<void>;
  stop(): Promise<void>;
}

/** A real S3 API (s3rver) on loopback, with one bucket, its data in a temporary folder. */
export async function startLocalS3(bucket = "aws-openai-plugins-test"): Promise<LocalS3> {
  const directory = mkdtempSync(join(tmpdir(), "aws-openai-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localS3Client(endpoint);
  return {
    endpoint,
    bucket,
    client,
    put: async (key, body) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    remove: async (key) => {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    stop: async () => {
      client.destroy();
      server.httpServer?.closeAllConnections();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The functions' own S3 client, pointed at a local S3 the way PLUGINS_S3_ENDPOINT points it. */
export function localS3ReadClient(endpoint: string, credentials = LOCAL_S3_CREDENTIALS): S3ReadClient {
  return new S3ReadClient({ region: "us-east-1", credentials, endpoint });
}

/** The AWS SDK's client, for what the tests put into and remove from the bucket. */
function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: LOCAL_S3_CREDENTIALS,
  });
}
