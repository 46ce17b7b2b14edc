import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { expectCompletion, expectJsonError } from "./http-checks.js";

/**
 * Each request limit set low by its setting: the local server (every door, /v1 through the official
 * SDK) refuses a body just past it with a 400 or 413 that names the setting and the field, and
 * answers a body right at it.
 */

const LIMITS = {
  MAX_MESSAGES: "3",
  MAX_MESSAGE_CHARS: "40",
  MAX_TOOLS: "2",
  MAX_BODY_TOKENS: "1000",
  MAX_BODY_ESCAPES: "20",
  MAX_BODY_KEY_CHARS: "300",
  MAX_BODY_DEPTH: "8",
};

let service: RunningService;
let client: OpenAI;

beforeAll(async () => {
  service = await startTestService({ ...UNTHROTTLED, ...LIMITS });
  client = new OpenAI({ apiKey: "unused", baseURL: `${service.url}/v1`, maxRetries: 0, timeout: 10_000 });
});
afterAll(() => service.stop());

const user = (content: string) => ({ role: "user", content });
const tool = (name: string, parameters: object = { type: "object", properties: {} }) => ({
  type: "function",
  function: { name, parameters },
});
/** Parameters nested four levels (object, properties, x, items) below the tool's function. */
const listParameters = (items: object) => ({ type: "object", properties: { x: { type: "array", items } } });

interface Limit {
  setting: keyof typeof LIMITS;
  status: 400 | 413;
  /** The field named, when the limit is a field's; a limit of the whole body names none. */
  field?: string;
  /** A chat-completion body right at the limit, and one just past it. */
  at: { messages: unknown[]; tools?: unknown[] };
  past: { messages: unknown[]; tools?: unknown[] };
}

const limits: Limit[] = [
  {
    setting: "MAX_MESSAGES",
    status: 400,
    field: "messages",
    at: { messages: [user("a"), user("b"), user("c")] },
    past: { messages: [user("a"), user("b"), user("c"), user("d")] },
  },
  {
    setting: "MAX_MESSAGE_CHARS",
    status: 400,
    field: "messages.1.content",
    at: { messages: [user("a"), user("x".repeat(40))] },
    past: { messages: [user("a"), user("x".repeat(41))] },
  },
  {
    setting: "MAX_TOOLS",
    status: 400,
    field: "tools",
    at: { messages: [user("a")], tools: [tool("a"), tool("b")] },
    past: { messages: [user("a")], tools: [tool("a"), tool("b"), tool("c")] },
  },
  {
    setting: "MAX_BODY_TOKENS",
    status: 413,
    at: { messages: [user("a")], tools: [tool("a", { type: "object", enum: Array(400).fill("") })] },
    past: { messages: [user("a")], tools: [tool("a", { type: "object", enum: Array(600).fill("") })] },
  },
  {
    setting: "MAX_BODY_ESCAPES",
    status: 413,
    at: { messages: [user("\n".repeat(20))] },
    past: { messages: [user("\n".repeat(21))] },
  },
  {
    setting: "MAX_BODY_KEY_CHARS",
    status: 413,
    at: {
      messages: [user("a")],
      tools: [tool("a", { type: "object", properties: { ["k".repeat(200)]: {} } })],
    },
    past: {
      messages: [user("a")],
      tools: [tool("a", { type: "object", properties: { ["k".repeat(300)]: {} } })],
    },
  },
  {
    setting: "MAX_BODY_DEPTH",
    status: 400,
    // The body, its tools, a tool, its function: four levels above the parameters' four.
    at: { messages: [user("a")], tools: [tool("a", listParameters({ type: "string" }))] },
    past: { messages: [user("a")], tools: [tool("a", listParameters({ type: "array", items: {} }))] },
  },
];

describe.each(limits)("$setting set low", ({ setting, status, field, at, past }) => {
  const named = new RegExp(`${field ? `^${field.replaceAll(".", "\\.")}: .*` : ""}\\(${setting}\\)`);

  it(`refuses /passthrough past it with ${status}, naming the setting${field ? " and the field" : ""}`, async () => {
    const body = await expectJsonError(await service.post("/passthrough", past), status);
    expect(body.error.message).toMatch(named);
    expect(body.error.message).toContain(LIMITS[setting]);
  });

  it("answers /passthrough right at it", async () => {
    await expectCompletion(await service.post("/passthrough", at));
  });

  it(`refuses /v1/chat/completions past it with OpenAI's ${status}, param naming the field`, async () => {
    const error = await client.chat.completions
      .create({ model: "gpt-4o-mini", ...past } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const { status: got, message, param, type } = error as InstanceType<typeof OpenAI.APIError>;
    expect(got).toBe(status);
    expect(message).toMatch(new RegExp(`\\(${setting}\\)`));
    expect(param).toBe(field ?? null);
    expect(type).toBe("invalid_request_error");
  });

  it("answers /v1/chat/completions right at it", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      ...at,
    } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(completion.object).toBe("chat.completion");
  });
});

describe("an app route's body under the limits", () => {
  const history = (count: number) =>
    Array.from({ length: count }, (_, index) => ({ sender: "user", message: `turn ${index}` }));

  it.each([
    ["MAX_MESSAGES", "chat_history", { input_text: "hi", chat_history: history(4) }],
    ["MAX_MESSAGE_CHARS", "input_text", { input_text: "x".repeat(41) }],
    [
      "MAX_MESSAGE_CHARS",
      "chat_history.0.message",
      { input_text: "hi", chat_history: [{ sender: "user", message: "x".repeat(41) }] },
    ],
  ])("refuses past %s with a 400 naming %s", async (setting, field, sent) => {
    const body = await expectJsonError(await service.post("/examples/default-grammar", sent), 400);
    expect(body.error.message).toMatch(new RegExp(`^${field.replaceAll(".", "\\.")}: .*\\(${setting}\\)`));
  });

  it("answers a body right at them", async () => {
    await expectCompletion(
      await service.post("/examples/default-grammar", {
        input_text: "x".repeat(40),
        chat_history: history(3),
      }),
    );
  });

  it("reaches the app as a /v1 model too", async () => {
    const error = await client.chat.completions
      .create({ model: "default-grammar", messages: [{ role: "user", content: "x".repeat(41) }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("messages.0.content");
  });
});
