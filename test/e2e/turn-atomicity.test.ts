import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SummaryPage } from "../../src/common/memory/index.js";
import { type DynamoLocal, startDynamoLocal } from "../../src/local/dynamo-local.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { type RunningService, startTestService } from "../support/local-service.js";
import { emptyDir } from "../support/settings.js";
import { type ChildService, startChildService } from "./child-service.js";
import { type DynamoGate, type HoldPoint, startDynamoGate } from "./dynamo-gate.js";

/**
 * F8: the server process is killed (SIGKILL) in the middle of a conversation's turn, at each point
 * of it: while the model answers, and before and after each DynamoDB write of the turn, held there
 * by a proxy in front of the database. Whatever the point, what is read back afterwards is whole:
 * every question has its answer, and the listed turn count is the number of turns shown.
 */

const TABLE = "atomic-memory";

let dynamo: DynamoLocal;
let gate: DynamoGate;
let upstream: FakeUpstream;
let reader: RunningService;

beforeAll(async () => {
  dynamo = await startDynamoLocal(emptyDir("atomic-dynamo-"));
  gate = await startDynamoGate(dynamo.url);
  upstream = await startFakeUpstream();
  // Reads (and the next turn) go straight to the database, as a fresh process would.
  reader = await startTestService({ DYNAMODB_ENDPOINT: dynamo.url, MEMORY_TABLE: TABLE });
});
afterAll(async () => {
  await reader?.stop();
  await upstream?.close();
  await gate?.close();
  await dynamo?.close();
});

function startServer(): Promise<ChildService> {
  return startChildService(
    upstreamSettings(upstream, {
      DYNAMODB_ENDPOINT: gate.url,
      MEMORY_TABLE: TABLE,
      OPENAI_TIMEOUT_MS: "20000",
    }),
  );
}

function turn(url: string, id: string, input_text: string, stream = false): Promise<Response> {
  return fetch(`${url}/passthrough`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ conversation_id: id, input_text, stream }),
  });
}

/** The conversation as a reader sees it: the count the list shows and the messages, in order. */
async function readBack(id: string): Promise<{ listed: number | undefined; messages: string[] }> {
  const list = (await (await fetch(`${reader.url}/conversations?limit=100`)).json()) as SummaryPage;
  const listed = list.conversations.find((conversation) => conversation.id === id)?.turns;
  const read = await fetch(`${reader.url}/conversations/${id}?limit=500`);
  const { turns } = (await read.json()) as { turns: { role: string; content: string }[] };
  return { listed, messages: turns.map((message) => `${message.role}: ${message.content}`) };
}

function expectWhole(view: { listed: number | undefined; messages: string[] }, turns: number): void {
  expect(view.listed).toBe(turns);
  expect(view.messages).toHaveLength(2 * turns);
  view.messages.forEach((message, index) => {
    expect(message.startsWith(index % 2 === 0 ? "user: " : "assistant: "), message).toBe(true);
  });
}

interface KillPoint {
  name: string;
  /** Starts the turn that is killed and resolves once the process stands at the point. */
  reach(server: ChildService, id: string): Promise<void>;
  /** Turns visible right after the kill: the first one, plus the killed one once it was counted. */
  after: number;
  /** Turns visible after the next turn: a killed turn that was stored whole is counted by then. */
  afterNext: number;
}

const holdAt = (operation: string, point: HoldPoint, after: number, afterNext: number): KillPoint => ({
  name: `${point} its ${operation}`,
  reach: async (server, id) => {
    const held = gate.hold(operation, TABLE, point);
    void turn(server.url, id, "the turn that is killed").catch(() => undefined);
    await held;
  },
  after,
  afterNext,
});

const KILL_POINTS: KillPoint[] = [
  {
    name: "while the model is still streaming its answer",
    reach: async (server, id) => {
      upstream.reply({
        kind: "stream",
        chunks: Array.from({ length: 50 }, (_, n) => `word${n} `),
        delayMs: 100,
      });
      const response = await turn(server.url, id, "the turn that is killed", true);
      const reader = response.body?.getReader();
      await reader?.read();
    },
    after: 1,
    afterNext: 2,
  },
  holdAt("PutItem", "before", 1, 2),
  holdAt("PutItem", "after", 1, 3),
  holdAt("UpdateItem", "before", 1, 3),
  holdAt("UpdateItem", "after", 2, 3),
];

describe("a turn killed with SIGKILL at each point of it", () => {
  it.each(KILL_POINTS)(
    "leaves the conversation whole when killed $name",
    async ({ name, reach, after, afterNext }) => {
      const id = `killed-${name.replace(/\W+/g, "-")}-${Date.now()}`;
      const server = await startServer();
      try {
        const first = await turn(server.url, id, "the first question");
        expect(first.status).toBe(200);
        await reach(server, id);
        server.child.kill("SIGKILL");
        expect(await server.exited).toBe("SIGKILL");
      } finally {
        await server.stop();
      }

      const killed = await readBack(id);
      expectWhole(killed, after);
      expect(killed.messages[0]).toBe("user: the first question");

      // The next turn, from another process, stores after whatever the killed one left, and counts it.
      const next = await turn(reader.url, id, "the next question");
      expect(next.status).toBe(200);
      const later = await readBack(id);
      expectWhole(later, afterNext);
      expect(later.messages.at(-2)).toBe("user: the next question");
    },
  );
});
