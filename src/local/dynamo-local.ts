import { mkdirSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { Level } from "level";
import { memoryTableDefinition } from "../common/memory/table.js";
import { usageTableDefinition } from "../common/usage/table.js";
import { listen } from "./listen.js";

export interface DynamoLocal {
  /** Base URL for `DYNAMODB_ENDPOINT`. */
  url: string;
  close(): Promise<void>;
}

/**
 * LevelDB allows one process per folder; dynalite would otherwise fail later, inside a request, with
 * "Database is closed". A second `npm start` in the same folder is the usual cause.
 */
async function assertStoreFree(dir: string): Promise<void> {
  const db = new Level(dir);
  try {
    await db.open();
  } catch (error) {
    throw new Error(
      `The local conversation store ${dir} is in use by another process (another npm start?): stop it, or set DATA_DIR to another folder.`,
      { cause: error },
    );
  }
  await db.close();
}

/**
 * An embedded DynamoDB-compatible server (dynalite on LevelDB) for local runs and tests, so the one
 * store implementation runs everywhere. Data persists under `dir`.
 */
export async function startDynamoLocal(dir: string, host = "127.0.0.1", port = 0): Promise<DynamoLocal> {
  mkdirSync(dir, { recursive: true });
  await assertStoreFree(dir);
  const server = dynalite({ path: dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  return {
    url: await listen(server, port, host),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep idle sockets open; the database closes only once they are gone.
        server.closeAllConnections();
      }),
  };
}

const TABLE_READY_TIMEOUT_MS = 10_000;

async function tableStatus(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * Creates the conversation table when it does not exist yet and waits until it is usable (local and
 * emulated DynamoDB only: in AWS, Terraform creates it).
 */
export function ensureMemoryTable(client: DynamoDBClient, tableName: string): Promise<void> {
  return ensureTable(client, memoryTableDefinition(tableName));
}

/** The same for the usage counters' table. */
export function ensureUsageTable(client: DynamoDBClient, tableName: string): Promise<void> {
  return ensureTable(client, usageTableDefinition(tableName));
}

async function ensureTable(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  const tableName = definition.TableName ?? "";
  if ((await tableStatus(client, tableName)) === undefined) {
    try {
      await client.send(new CreateTableCommand(definition));
    } catch (error) {
      // Another process created it in between.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  const deadline = Date.now() + TABLE_READY_TIMEOUT_MS;
  while ((await tableStatus(client, tableName)) !== "ACTIVE") {
    if (Date.now() > deadline) throw new Error(`The table ${tableName} did not become ACTIVE in time`);
    await sleep(20);
  }
}
