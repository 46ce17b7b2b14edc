import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EMULATOR_CREDENTIALS } from "../../src/common/aws/endpoint.js";
import { ensureUsageTable, startDynamoLocal } from "../../src/local/dynamo-local.js";

/** Bench child: dynalite with a usage table named by the first argument; prints its URL. */
const dynamo = await startDynamoLocal(await mkdtemp(join(tmpdir(), "bench-dynalite-")));
const client = new DynamoDBClient({
  endpoint: dynamo.url,
  region: "us-east-1",
  credentials: { ...EMULATOR_CREDENTIALS },
});
await ensureUsageTable(client, process.argv[2] ?? "bench-usage");
client.destroy();
process.stdout.write(`${JSON.stringify({ url: dynamo.url })}\n`);
