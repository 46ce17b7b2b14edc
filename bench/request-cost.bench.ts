import { request } from "undici";
import { startChildServer } from "./support/child-server.js";

/**
 * The longest the local server's event loop is blocked by one hostile request body at the default
 * limits (MAX_BODY_BYTES 10 MiB), measured inside the server with perf_hooks' monitorEventLoopDelay
 * for one request at a time, then six at once: the median of a few rounds, as a process that another
 * one keeps off a shared core shows that wait as a block too. The server runs in its own process and the
 * offline model in another, so neither the bench's work of building and sending bodies nor the
 * model's work is counted.
 */

const LIMIT = 10 * 1024 * 1024;
const ROUNDS = 5;
const AT_ONCE = 6;

/** `prefix`, then `unit`s joined by commas for as long as the body stays within the limit, then `suffix`. */
function filled(prefix: string, unit: (index: number) => string, suffix: string): string {
  const parts = [prefix];
  let size = prefix.length + suffix.length;
  for (let index = 0; ; index++) {
    const part = (index > 0 ? "," : "") + unit(index);
    if (size + part.length > LIMIT) break;
    parts.push(part);
    size += part.length;
  }
  parts.push(suffix);
  return parts.join("");
}

const half = Math.floor((LIMIT - 20) / 2);
const shapes: [name: string, body: string][] = [
  ["deep nesting", `{"messages":${"[".repeat(half)}${"]".repeat(half)}}`],
  ["many unknown keys", filled("{", (i) => `"k${i}":0`, "}")],
  ["long unknown keys", filled("{", (i) => `"${String(i).padEnd(500, "k")}":0`, "}")],
  ["many empty messages", filled('{"messages":[', () => "{}", "]}")],
  [
    "many tool parameters",
    filled(
      '{"input_text":"x","tools":[{"type":"function","function":{"name":"t","parameters":{',
      (i) => `"p${i}":{}`,
      "}}}]}",
    ),
  ],
  ["huge string", `{"input_text":"${"a".repeat(LIMIT - 20)}"}`],
  ["many escapes", `{"input_text":"${"\\n".repeat(half - 10)}"}`],
  [
    "valid: 100 messages of 100,000 characters (the offline model refuses it: its limit is 4 MiB)",
    JSON.stringify({
      max_tokens: 16,
      messages: Array.from({ length: 100 }, () => ({ role: "user", content: "word ".repeat(20_000) })),
    }),
  ],
];

async function post(url: string, body: string): Promise<number> {
  const response = await request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  await response.body.dump();
  return response.statusCode;
}

export default async function requestCostBench(): Promise<void> {
  const model = await startChildServer("offline-model.ts");
  const server = await startChildServer("loop-delay-api.ts", [model.url]);
  const url = `${server.url}/passthrough`;
  /** The median over ROUNDS of the longest block while `count` copies of a body are sent at once. */
  const longestBlock = async (body: string, count: number) => {
    const blocks: number[] = [];
    const statuses = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      await server.ask("reset");
      for (const status of await Promise.all(Array.from({ length: count }, () => post(url, body))))
        statuses.add(status);
      blocks.push((JSON.parse(await server.ask("report")) as { maxMs: number }).maxMs);
    }
    blocks.sort((a, b) => a - b);
    return { statuses: [...statuses].join("/"), maxMs: blocks[Math.floor(ROUNDS / 2)] ?? Number.NaN };
  };
  try {
    process.stdout.write(`longest event-loop block inside the server, median of ${ROUNDS} rounds\n`);
    let worst = 0;
    for (const [name, body] of shapes) {
      await post(url, body);
      const alone = await longestBlock(body, 1);
      const atOnce = await longestBlock(body, AT_ONCE);
      worst = Math.max(worst, alone.maxMs);
      process.stdout.write(
        `${name.padEnd(88)} ${(body.length / 1e6).toFixed(1)} MB  ${alone.statuses}  alone ${alone.maxMs.toFixed(0)} ms, ${AT_ONCE} at once ${atOnce.maxMs.toFixed(0)} ms\n`,
      );
    }
    process.stdout.write(`largest event-loop block of one request: ${worst.toFixed(0)} ms\n`);
  } finally {
    server.stop();
    model.stop();
  }
}
