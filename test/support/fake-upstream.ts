import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { ChatCompletion, ChatCompletionMessage } from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { SSE_DONE, SSE_HEADERS, sseEvent } from "../../src/common/streaming/sse.js";
import { completionChunks } from "../../src/offline-model/streaming.js";

/**
 * An OpenAI-compatible upstream for tests: it records every request and answers with scripted
 * behaviours, one per request in order, including the failures a real upstream has (error statuses,
 * garbage, resets, hangs, broken streams).
 */

export type UpstreamBehaviour =
  | {
      kind: "completion";
      message?: Partial<Pick<ChatCompletionMessage, "content" | "tool_calls">>;
      finish_reason?: ChatCompletion.Choice["finish_reason"];
      usage?: CompletionUsage;
    }
  | {
      kind: "status";
      status: number;
      body?: unknown;
      headers?: Record<string, string>;
      retryAfterSeconds?: number;
    }
  | { kind: "garbage" }
  | { kind: "empty-choices" }
  | { kind: "reset" }
  | { kind: "hang" }
  | { kind: "stream"; chunks: string[]; delayMs?: number }
  | { kind: "stream-error"; after: number };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when the body was empty or not JSON (see rawBody). */
  body: unknown;
  rawBody: string;
}

export interface FakeUpstream {
  /** Base URL ending in /v1, as the openai SDK's `baseURL` expects. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** How many clients closed their connection before the answer was complete. */
  readonly aborted: number;
  /** Queues behaviours, consumed one per request; once empty, requests get a normal completion. */
  reply(...behaviours: UpstreamBehaviour[]): void;
  onAbort(listener: (request: RecordedRequest) => void): () => void;
  /** Resolves once `aborted` has reached `count`. */
  waitForAborts(count?: number): Promise<void>;
  /** Forgets queued behaviours, recorded requests and the abort count. */
  reset(): void;
  /** Closes the server and every open connection, hanging ones included. */
  close(): Promise<void>;
}

const DEFAULT_USAGE: CompletionUsage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

function bodyField(request: RecordedRequest, field: string): unknown {
  return typeof request.body === "object" && request.body !== null
    ? (request.body as Record<string, unknown>)[field]
    : undefined;
}

function completionFor(
  recorded: RecordedRequest,
  sequence: number,
  behaviour: Extract<UpstreamBehaviour, { kind: "completion" }>,
): ChatCompletion {
  const model = String(bodyField(recorded, "model") ?? "unspecified-model");
  const toolCalls = behaviour.message?.tool_calls;
  return {
    id: `chatcmpl-fake-${sequence}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content:
            behaviour.message?.content === undefined
              ? `Fake answer from ${model}.`
              : behaviour.message.content,
          refusal: null,
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: behaviour.finish_reason ?? (toolCalls ? "tool_calls" : "stop"),
        logprobs: null,
      },
    ],
    usage: behaviour.usage ?? DEFAULT_USAGE,
  };
}

function errorTypeFor(status: number): string {
  if (status === 429) return "rate_limit_error";
  if (status === 401) return "authentication_error";
  return status >= 500 ? "server_error" : "invalid_request_error";
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(body);
}

type Delta = { role?: "assistant"; content?: string };

function write(response: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => response.write(data, () => resolve()));
}

function wantsUsage(recorded: RecordedRequest): boolean {
  const options = bodyField(recorded, "stream_options") as { include_usage?: unknown } | undefined;
  return options?.include_usage === true;
}

/**
 * Writes an SSE stream of text pieces (one completion token each), with a usage chunk at the end when
 * the request asked for it. With `breakAfter`, the socket is destroyed after that many pieces, as when
 * an upstream dies mid-answer. Stops quietly once the client has gone.
 */
async function writeTextStream(
  response: ServerResponse,
  model: string,
  pieces: readonly string[],
  options: { delayMs?: number; breakAfter?: number; includeUsage?: boolean },
): Promise<void> {
  const chunk = (delta: Delta, finishReason: "stop" | null) =>
    sseEvent({
      id: "chatcmpl-fake-stream",
      object: "chat.completion.chunk",
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
  response.writeHead(200, SSE_HEADERS);
  await write(response, chunk({ role: "assistant", content: "" }, null));
  for (const [index, piece] of pieces.entries()) {
    if (index === options.breakAfter) {
      response.destroy();
      return;
    }
    if (options.delayMs) await sleep(options.delayMs);
    if (response.destroyed) return;
    await write(response, chunk({ content: piece }, null));
  }
  response.write(chunk({}, "stop"));
  if (options.includeUsage) {
    const usage = { ...DEFAULT_USAGE, completion_tokens: pieces.length };
    response.write(
      sseEvent({
        id: "chatcmpl-fake-stream",
        object: "chat.completion.chunk",
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      }),
    );
  }
  response.end(SSE_DONE);
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const queue: UpstreamBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const abortListeners = new Set<(request: RecordedRequest) => void>();
  /** Responses this server ends by destroying the socket itself; their close is not a client abort. */
  const endedOnPurpose = new WeakSet<ServerResponse>();
  let aborted = 0;
  let closing = false;

  const answer = async (
    response: ServerResponse,
    recorded: RecordedRequest,
    behaviour: UpstreamBehaviour,
  ) => {
    const model = String(bodyField(recorded, "model") ?? "unspecified-model");
    switch (behaviour.kind) {
      case "completion": {
        const completion = completionFor(recorded, requests.length, behaviour);
        if (bodyField(recorded, "stream") !== true)
          return sendJson(response, 200, JSON.stringify(completion));
        response.writeHead(200, SSE_HEADERS);
        for (const chunk of completionChunks(completion, { includeUsage: wantsUsage(recorded) })) {
          response.write(sseEvent(chunk));
        }
        return void response.end(SSE_DONE);
      }
      case "status": {
        const body = behaviour.body ?? {
          error: {
            message: `Fake upstream answered ${behaviour.status}.`,
            type: errorTypeFor(behaviour.status),
            param: null,
            code: null,
          },
        };
        const retryAfter: Record<string, string> =
          behaviour.retryAfterSeconds === undefined
            ? {}
            : { "retry-after": String(behaviour.retryAfterSeconds) };
        const text = typeof body === "string" ? body : JSON.stringify(body);
        return sendJson(response, behaviour.status, text, { ...retryAfter, ...behaviour.headers });
      }
      case "garbage":
        return sendJson(response, 200, "<html>Bad gateway, definitely not JSON");
      case "empty-choices": {
        const completion = completionFor(recorded, requests.length, { kind: "completion" });
        return sendJson(response, 200, JSON.stringify({ ...completion, choices: [] }));
      }
      case "reset":
        endedOnPurpose.add(response);
        return void response.socket?.destroy();
      case "hang":
        return;
      case "stream":
        return writeTextStream(response, model, behaviour.chunks, {
          includeUsage: wantsUsage(recorded),
          ...(behaviour.delayMs === undefined ? {} : { delayMs: behaviour.delayMs }),
        });
      case "stream-error": {
        endedOnPurpose.add(response);
        const pieces = Array.from({ length: behaviour.after + 1 }, (_, index) => `part ${index + 1} `);
        return writeTextStream(response, model, pieces, { breakAfter: behaviour.after });
      }
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const parts: Buffer[] = [];
    for await (const part of request) parts.push(part as Buffer);
    const rawBody = Buffer.concat(parts).toString("utf8");
    let body: unknown;
    try {
      body = rawBody === "" ? undefined : JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = {
      method: request.method ?? "",
      path: request.url ?? "",
      headers: request.headers,
      body,
      rawBody,
    };
    requests.push(recorded);
    response.once("close", () => {
      if (response.writableFinished || closing || endedOnPurpose.has(response)) return;
      aborted += 1;
      for (const listener of abortListeners) listener(recorded);
    });
    await answer(response, recorded, queue.shift() ?? { kind: "completion" });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get aborted() {
      return aborted;
    },
    reply: (...behaviours) => {
      queue.push(...behaviours);
    },
    onAbort: (listener) => {
      abortListeners.add(listener);
      return () => {
        abortListeners.delete(listener);
      };
    },
    waitForAborts: (count = 1) =>
      new Promise<void>((resolve) => {
        if (aborted >= count) return resolve();
        const listener = () => {
          if (aborted < count) return;
          abortListeners.delete(listener);
          resolve();
        };
        abortListeners.add(listener);
      }),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      aborted = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Settings that send the SDK to a fake upstream: a test key (as a bearer token), no retries, so each
 * fault is seen once. `extra` adds to them or replaces them.
 */
export function upstreamSettings(
  upstream: Pick<FakeUpstream, "url">,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    OPENAI_API_KEY: "sk-test-secret-key-123",
    OPENAI_BASE_URL: upstream.url,
    OPENAI_MAX_RETRIES: "0",
    ...extra,
  };
}
