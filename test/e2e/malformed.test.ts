import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningService, startTestService } from "../support/local-service.js";
import { expectCompletion, expectJsonError } from "./http-checks.js";

/** Malformed requests: each a 4xx JSON error without a stack trace, and the server keeps serving. */

let service: RunningService;

beforeAll(async () => {
  service = await startTestService({
    THROTTLE_SETTINGS_RATE_LIMIT: "100000",
    THROTTLE_SETTINGS_BURST_LIMIT: "1000",
    QUOTA_SETTINGS_LIMIT: "100000",
  });
});
afterAll(() => service.stop());

const sendRaw = (
  path: string,
  body: NonNullable<RequestInit["body"]>,
  headers: Record<string, string> = {},
) =>
  fetch(`${service.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });

const nested = (depth: number, open: string, close: string, inner = "1") =>
  open.repeat(depth) + inner + close.repeat(depth);

const deepSchema = nested(100_000, '{"a":', "}");
const toolCall = { id: "call_1", type: "function", function: { name: "f", arguments: "{}" } };
const twelveMegabytes = JSON.stringify({ input_text: "x".repeat(12 * 1024 * 1024) });

interface Case {
  name: string;
  send: () => Promise<Response>;
  status: number;
  type: string;
  /** What the message must say: the field at fault, or the problem. */
  message: RegExp;
}

const post = (path: string, body: unknown) => () => service.post(path, body);
const passthrough = (body: unknown) => post("/passthrough", body);

const cases: Case[] = [
  {
    name: "malformed percent-encoding in a path parameter",
    send: () => fetch(`${service.url}/conversations/%E0%A4%A`),
    status: 400,
    type: "invalid_request",
    message: /malformed percent-encoding/,
  },
  {
    name: "not JSON",
    send: passthrough("this is not json"),
    status: 400,
    type: "invalid_request",
    message: /not valid JSON/,
  },
  {
    name: "truncated JSON",
    send: passthrough('{"input_text": "hi"'),
    status: 400,
    type: "invalid_request",
    message: /not valid JSON/,
  },
  {
    name: "empty body",
    send: () => sendRaw("/passthrough", ""),
    status: 400,
    type: "invalid_request",
    message: /empty/,
  },
  {
    name: "array body",
    send: passthrough([{ input_text: "hi" }]),
    status: 400,
    type: "invalid_request",
    message: /JSON object/,
  },
  {
    name: "string body",
    send: passthrough('"hi"'),
    status: 400,
    type: "invalid_request",
    message: /JSON object/,
  },
  {
    name: "null body",
    send: passthrough("null"),
    status: 400,
    type: "invalid_request",
    message: /JSON object/,
  },
  {
    name: "messages not a list",
    send: passthrough({ messages: "hi" }),
    status: 400,
    type: "invalid_request",
    message: /^messages: /,
  },
  {
    name: "message not an object",
    send: passthrough({ messages: ["hi"] }),
    status: 400,
    type: "invalid_request",
    message: /^messages\.0: /,
  },
  {
    name: "bad role",
    send: passthrough({ messages: [{ role: "bot", content: "hi" }] }),
    status: 400,
    type: "invalid_request",
    message: /messages\.0\.role/,
  },
  {
    name: "content a number",
    send: passthrough({ messages: [{ role: "user", content: 1 }] }),
    status: 400,
    type: "invalid_request",
    message: /messages\.0\.content/,
  },
  {
    name: "no content nor tool_calls",
    send: passthrough({ messages: [{ role: "user" }] }),
    status: 400,
    type: "invalid_request",
    message: /messages\.0\.content/,
  },
  {
    name: "tool message without tool_call_id",
    send: passthrough({
      messages: [
        { role: "assistant", tool_calls: [toolCall] },
        { role: "tool", content: "r" },
      ],
    }),
    status: 400,
    type: "invalid_request",
    message: /messages\.1\.tool_call_id/,
  },
  {
    name: "temperature 3",
    send: passthrough({ input_text: "hi", temperature: 3 }),
    status: 400,
    type: "invalid_request",
    message: /^temperature: /,
  },
  {
    name: "temperature -1",
    send: passthrough({ input_text: "hi", temperature: -1 }),
    status: 400,
    type: "invalid_request",
    message: /^temperature: /,
  },
  {
    name: "temperature a string",
    send: passthrough({ input_text: "hi", temperature: "0.5" }),
    status: 400,
    type: "invalid_request",
    message: /^temperature: /,
  },
  {
    name: "max_tokens 0",
    send: passthrough({ input_text: "hi", max_tokens: 0 }),
    status: 400,
    type: "invalid_request",
    message: /^max_tokens: /,
  },
  {
    name: "max_tokens 1.5",
    send: passthrough({ input_text: "hi", max_tokens: 1.5 }),
    status: 400,
    type: "invalid_request",
    message: /^max_tokens: /,
  },
  {
    name: 'max_tokens "10"',
    send: passthrough({ input_text: "hi", max_tokens: "10" }),
    status: 400,
    type: "invalid_request",
    message: /^max_tokens: /,
  },
  {
    name: "missing messages and input_text",
    send: passthrough({ temperature: 1 }),
    status: 400,
    type: "invalid_request",
    message: /messages or input_text/,
  },
  {
    name: "blank input_text",
    send: passthrough({ input_text: "   " }),
    status: 400,
    type: "invalid_request",
    message: /^input_text: /,
  },
  {
    name: "input_text too long",
    send: passthrough({ input_text: "y".repeat(100_001) }),
    status: 400,
    type: "invalid_request",
    message: /^input_text: /,
  },
  {
    name: "chat_history without input_text",
    send: passthrough({ messages: [{ role: "user", content: "x" }], chat_history: [] }),
    status: 400,
    type: "invalid_request",
    message: /^input_text: /,
  },
  {
    name: "unsupported object_type",
    send: passthrough({ object_type: "image", input_text: "hi" }),
    status: 400,
    type: "invalid_request",
    message: /^object_type: /,
  },
  {
    name: "unknown key",
    send: passthrough({ input_text: "hi", temprature: 1 }),
    status: 400,
    type: "invalid_request",
    message: /temprature/,
  },
  {
    name: "__proto__ key",
    send: passthrough('{"input_text":"hi","__proto__":{"isAdmin":true}}'),
    status: 400,
    type: "invalid_request",
    message: /__proto__/,
  },
  {
    name: "tool_choice without tools",
    send: passthrough({ input_text: "hi", tool_choice: "auto" }),
    status: 400,
    type: "invalid_request",
    message: /^tool_choice: /,
  },
  {
    name: "12 MB body",
    send: () => sendRaw("/passthrough", twelveMegabytes),
    status: 413,
    type: "payload_too_large",
    message: /larger than/,
  },
  {
    name: "875k unknown keys in 10 MB, refused before parsing",
    send: passthrough(
      `{${Array.from({ length: 875_000 }, (_, i) => `"k${i}":0`).join(",")},"input_text":"hi"}`,
    ),
    status: 413,
    type: "payload_too_large",
    message: /more than 50000 JSON tokens/,
  },
  {
    name: "5,000 unknown keys, named a few at a time",
    send: passthrough({
      input_text: "hi",
      ...Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, 0])),
    }),
    status: 400,
    type: "invalid_request",
    message: /^Unrecognized keys: "k0", "k1", "k2", "k3", "k4" and 4995 more$/,
  },
  {
    name: "3.4 million empty messages, refused before parsing",
    send: passthrough(`{"messages":[${"{},".repeat(3_400_000)}{}]}`),
    status: 413,
    type: "payload_too_large",
    message: /JSON tokens/,
  },
  {
    name: "deep nesting (100k levels) in a tool schema",
    send: passthrough(
      `{"input_text":"hi","tools":[{"type":"function","function":{"name":"f","parameters":${deepSchema}}}]}`,
    ),
    status: 400,
    type: "invalid_request",
    message: /nests deeper/,
  },
  {
    name: "deep nesting (100k levels) in content parts",
    send: passthrough(`{"messages":[{"role":"user","content":[{"type":"text","x":${deepSchema}}]}]}`),
    status: 400,
    type: "invalid_request",
    message: /nests deeper/,
  },
  {
    name: "deep array nesting (100k levels)",
    send: passthrough(nested(100_000, "[", "]", "")),
    status: 400,
    type: "invalid_request",
    message: /nests deeper/,
  },
  {
    name: "invalid UTF-8",
    send: () => sendRaw("/passthrough", new Uint8Array([0xff, 0xfe, 0x7b, 0x7d])),
    status: 400,
    type: "invalid_request",
    message: /not valid JSON/,
  },
  {
    name: "unknown app",
    send: post("/examples/does-not-exist", { input_text: "hi" }),
    status: 404,
    type: "not_found",
    message: /does-not-exist/,
  },
  {
    name: "app body without input_text",
    send: post("/examples/default-grammar", { chat_history: [] }),
    status: 400,
    type: "invalid_request",
    message: /^input_text: /,
  },
  {
    name: "app body with messages",
    send: post("/examples/default-grammar", { messages: [{ role: "user", content: "x" }] }),
    status: 400,
    type: "invalid_request",
    message: /messages/,
  },
  {
    name: "app history with a bad sender",
    send: post("/examples/default-grammar", {
      input_text: "x",
      chat_history: [{ sender: "bot", message: "y" }],
    }),
    status: 400,
    type: "invalid_request",
    message: /chat_history\.0\.sender/,
  },
  {
    name: "app body not JSON",
    send: post("/examples/default-grammar", "input_text=hi"),
    status: 400,
    type: "invalid_request",
    message: /not valid JSON/,
  },
];

describe("malformed requests", () => {
  it("has at least 20 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const body = await expectJsonError(await c.send(), c.status, c.type);
    expect(body.error.message).toMatch(c.message);
    await expectCompletion(
      await service.post("/passthrough", { input_text: `still serving after: ${c.name}` }),
    );
  });

  it("refuses a chunked 12 MB body without Content-Length as it streams in", async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 12) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${service.url}/passthrough`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    await expectJsonError(response, 413, "payload_too_large");
    await expectCompletion(await service.post("/passthrough", { input_text: "still serving" }));
  });

  it("decodes invalid UTF-8 inside a string as U+FFFD rather than failing", async () => {
    const bytes = Buffer.concat([Buffer.from('{"input_text":"caf'), Buffer.from([0xc3]), Buffer.from('"}')]);
    const body = await expectCompletion(await sendRaw("/passthrough", bytes));
    expect(body.request_meta_data.input_text).toBe("caf\uFFFD");
  });
});
