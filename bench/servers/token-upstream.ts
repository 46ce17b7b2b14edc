import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { SSE_DONE, SSE_HEADERS, sseEvent } from "../../src/common/streaming/sse.js";

/**
 * Bench child: an OpenAI-compatible upstream that produces a fixed number of tokens at a fixed pace,
 * as a model does. Streamed, each token goes out when produced; buffered, the whole answer goes out
 * once the last one is. Arguments: token count, milliseconds per token.
 */
const TOKENS = Number(process.argv[2] ?? 500);
const TOKEN_MS = Number(process.argv[3] ?? 10);
const usage = { prompt_tokens: 20, completion_tokens: TOKENS, total_tokens: 20 + TOKENS };
const base = { id: "chatcmpl-bench", created: 1_700_000_000, model: "bench-model" };

/** Waits until token `index` is due, measured from the start, so timer lateness does not add up. */
const untilDue = (started: number, index: number) =>
  sleep(Math.max(0, started + index * TOKEN_MS - performance.now()));

async function stream(response: ServerResponse, withUsage: boolean): Promise<void> {
  const chunk = (delta: object, finish: string | null) =>
    sseEvent({
      ...base,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  const started = performance.now();
  response.writeHead(200, SSE_HEADERS);
  response.write(chunk({ role: "assistant", content: "" }, null));
  for (let index = 1; index <= TOKENS && !response.destroyed; index++) {
    await untilDue(started, index);
    response.write(chunk({ content: `tok${index} ` }, null));
  }
  response.write(chunk({}, "stop"));
  if (withUsage) response.write(sseEvent({ ...base, object: "chat.completion.chunk", choices: [], usage }));
  response.end(SSE_DONE);
}

async function whole(response: ServerResponse): Promise<void> {
  await untilDue(performance.now(), TOKENS);
  const content = Array.from({ length: TOKENS }, (_, index) => `tok${index + 1} `).join("");
  const message = { role: "assistant", content, refusal: null };
  const completion = {
    ...base,
    object: "chat.completion",
    choices: [{ index: 0, message, finish_reason: "stop" }],
  };
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ ...completion, usage }));
}

const server = createServer(async (request, response) => {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  const body = JSON.parse(Buffer.concat(parts).toString("utf8")) as {
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
  };
  await (body.stream ? stream(response, body.stream_options?.include_usage === true) : whole(response));
});
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/v1` })}\n`);
});
