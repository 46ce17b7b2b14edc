import type { APIGatewayProxyEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { findApp } from "../../../src/common/catalog/index.js";
import { BadRequestError, NotFoundError } from "../../../src/common/errors.js";
import { DEFAULT_REQUEST_LIMITS } from "../../../src/common/request/limits.js";
import { decodeBody as decodeWith } from "../../../src/common/request/parse-body.js";
import { defaultSettings } from "../../../src/common/settings/load.js";
import { chatInputFrom } from "../../support/chat-input.js";
import { fixtureEvent, passthroughEvent } from "../../support/events.js";
import { defaultSchemas } from "../../support/request-schemas.js";

const { MAX_BODY_DEPTH } = DEFAULT_REQUEST_LIMITS;
const decodeBody = (text: string) => decodeWith(text, false, DEFAULT_REQUEST_LIMITS);

/** Every rule of the API contract (shared/reference/api-contract.md) for request bodies. */

const settings = { ...defaultSettings(), OPENAI_MODEL: "default-model-setting" };
const user = (content: string) => ({ role: "user", content });

function appEvent(slug: string, body: unknown): APIGatewayProxyEvent {
  return fixtureEvent("app-default-grammar", {
    resource: `/examples/${slug}`,
    path: `/examples/${slug}`,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function rejectionOf(event: APIGatewayProxyEvent): Error {
  try {
    chatInputFrom(event, settings);
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error(`expected ${event.body} to be rejected`);
}

/** Asserts a 400 whose message starts with the field path it is about. */
function expectFieldError(body: unknown, field: string, detail?: RegExp) {
  const error = rejectionOf(passthroughEvent(body));
  expect(error).toBeInstanceOf(BadRequestError);
  expect(error.message).toMatch(new RegExp(`(^|; )${field.replace(/\./g, "\\.")}: `));
  if (detail) expect(error.message).toMatch(detail);
}

describe("the body must be a JSON object", () => {
  it.each([
    ["empty", "", /empty/],
    ["not JSON", "{input_text: hi}", /not valid JSON/],
    ["truncated JSON", '{"input_text": "hi"', /not valid JSON/],
    ["null", "null", /must be a JSON object/],
    ["an array", '[{"input_text":"hi"}]', /must be a JSON object/],
    ["a string", '"hi"', /must be a JSON object/],
    ["a number", "42", /must be a JSON object/],
    ["a boolean", "true", /must be a JSON object/],
  ])("rejects %s", (_name, body, message) => {
    const error = rejectionOf(passthroughEvent(body));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/body/);
  });

  it("rejects a missing body", () => {
    expect(() => chatInputFrom(fixtureEvent("passthrough", { body: null }), settings)).toThrow(
      /request body is empty/,
    );
  });

  it("reads base64-encoded bodies", () => {
    const body = Buffer.from(JSON.stringify({ input_text: "encoded" })).toString("base64");
    const input = chatInputFrom(fixtureEvent("passthrough", { body, isBase64Encoded: true }), settings);
    expect(input.messages).toEqual([user("encoded")]);
  });

  it("rejects unknown keys, naming them", () => {
    const error = rejectionOf(passthroughEvent({ input_text: "hi", tempurature: 1 }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/Unrecognized key.*tempurature/);
  });

  it(`accepts nesting up to ${MAX_BODY_DEPTH} levels and no deeper`, () => {
    const nested = (depth: number) => `${'{"a":'.repeat(depth - 1)}{"a":1}${"}".repeat(depth - 1)}`;
    expect(() => decodeBody(nested(MAX_BODY_DEPTH))).not.toThrow();
    expect(() => decodeBody(nested(MAX_BODY_DEPTH + 1))).toThrow(BadRequestError);
    expect(() => decodeBody(`{"a":${"[".repeat(MAX_BODY_DEPTH)}${"]".repeat(MAX_BODY_DEPTH)}}`)).toThrow(
      /nests deeper than/,
    );
  });

  it("rejects bodies nested deeper than any real request", () => {
    let parameters: unknown = { type: "string" };
    for (let depth = 0; depth < 200; depth++) parameters = { type: "object", properties: { x: parameters } };
    const body = { input_text: "hi", tools: [{ type: "function", function: { name: "deep", parameters } }] };
    expect(() => chatInputFrom(passthroughEvent(body), settings)).toThrow(/nests deeper than/);
  });
});

describe("object_type", () => {
  it("defaults to chat.completion", () => {
    expect(defaultSchemas.chat.parse({ input_text: "hi" }).object_type).toBe("chat.completion");
  });

  it("accepts chat.completion", () => {
    expect(() =>
      chatInputFrom(passthroughEvent({ object_type: "chat.completion", input_text: "hi" }), settings),
    ).not.toThrow();
  });

  it.each(["embedding", "moderation", "image", "audio", "models"])(
    "knows %s but does not serve it",
    (objectType) =>
      expectFieldError({ object_type: objectType, input_text: "hi" }, "object_type", /chat\.completion/),
  );

  it.each(["completion", "", 1, null])("rejects %j", (objectType) =>
    expectFieldError({ object_type: objectType, input_text: "hi" }, "object_type"),
  );
});

describe("messages", () => {
  it.each(["system", "user", "assistant"])("accepts role %s with content", (role) => {
    const input = chatInputFrom(passthroughEvent({ messages: [{ role, content: "x" }] }), settings);
    expect(input.messages).toEqual([{ role, content: "x" }]);
  });

  it("accepts a tool message with its tool_call_id, after the assistant's tool_calls (content null)", () => {
    const toolCall = { id: "call_1", type: "function", function: { name: "lookup", arguments: "{}" } };
    const messages = [
      user("weather?"),
      { role: "assistant", content: null, tool_calls: [toolCall] },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
    ];
    expect(chatInputFrom(passthroughEvent({ messages }), settings).messages).toEqual(messages);
  });

  it("accepts an assistant message with tool_calls and no content", () => {
    const toolCall = { id: "c", type: "function", function: { name: "f", arguments: "" } };
    expect(() =>
      chatInputFrom(
        passthroughEvent({ messages: [{ role: "assistant", tool_calls: [toolCall] }] }),
        settings,
      ),
    ).not.toThrow();
  });

  it.each(["bot", "developer", "function", "", "USER"])("rejects role %j", (role) =>
    expectFieldError({ messages: [user("ok"), { role, content: "x" }] }, "messages.1.role"),
  );

  it("rejects a message without a role", () =>
    expectFieldError({ messages: [{ content: "x" }] }, "messages.0.role"));

  it.each(["system", "user", "assistant"])("rejects a %s message with no content", (role) =>
    expectFieldError({ messages: [{ role }] }, "messages.0.content", /content is required/),
  );

  it("rejects null content without tool_calls", () =>
    expectFieldError({ messages: [{ role: "user", content: null }] }, "messages.0.content"));

  it("rejects content of the wrong type", () =>
    expectFieldError({ messages: [{ role: "user", content: 42 }] }, "messages.0.content"));

  it("rejects tool_calls on a non-assistant message", () => {
    const toolCall = { id: "c", type: "function", function: { name: "f", arguments: "{}" } };
    expectFieldError(
      { messages: [{ role: "user", content: "x", tool_calls: [toolCall] }] },
      "messages.0.tool_calls",
    );
  });

  it("rejects a tool message without tool_call_id", () =>
    expectFieldError({ messages: [{ role: "tool", content: "result" }] }, "messages.0.tool_call_id"));

  it("rejects unknown message keys", () =>
    expectFieldError({ messages: [{ role: "user", content: "x", mood: "happy" }] }, "messages.0", /mood/));

  it("rejects an empty list and a non-list", () => {
    expectFieldError({ messages: [] }, "messages");
    expectFieldError({ messages: "hello" }, "messages");
  });
});

describe("messages or input_text", () => {
  it("requires one of them", () =>
    expectFieldError({ temperature: 1 }, "messages", /messages or input_text/));

  it("builds one user message from input_text alone", () => {
    expect(chatInputFrom(passthroughEvent({ input_text: "hello" }), settings).messages).toEqual([
      user("hello"),
    ]);
  });

  it("appends input_text to messages as the final user message", () => {
    const messages = [{ role: "system", content: "be brief" }, user("first")];
    const input = chatInputFrom(passthroughEvent({ messages, input_text: "second" }), settings);
    expect(input.messages).toEqual([...messages, user("second")]);
    expect(input.input_text).toBe("second");
  });

  it.each(["", "   ", 7, null])("rejects input_text %j", (inputText) =>
    expectFieldError({ input_text: inputText }, "input_text"),
  );
});

describe("defaults", () => {
  it("temperature 0.5, max_tokens 150, the OPENAI_MODEL setting", () => {
    const input = chatInputFrom(passthroughEvent({ input_text: "hi" }), settings);
    expect(input).toMatchObject({ temperature: 0.5, max_tokens: 150, model: "default-model-setting" });
  });

  it("are overridden by the body", () => {
    const input = chatInputFrom(
      passthroughEvent({ input_text: "hi", temperature: 0, max_tokens: 256, model: "gpt-x" }),
      settings,
    );
    expect(input).toMatchObject({ temperature: 0, max_tokens: 256, model: "gpt-x" });
  });
});

describe("chat_history with input_text", () => {
  const history = [
    { sender: "system", message: "be brief" },
    { sender: "user", message: "q1" },
    { sender: "assistant", message: "a1" },
  ];

  it("rebuilds messages: sender -> role, message -> content, then the final user message", () => {
    const input = chatInputFrom(passthroughEvent({ chat_history: history, input_text: "q2" }), settings);
    expect(input.messages).toEqual([
      { role: "system", content: "be brief" },
      user("q1"),
      { role: "assistant", content: "a1" },
      user("q2"),
    ]);
  });

  it("replaces messages when both are given", () => {
    const input = chatInputFrom(
      passthroughEvent({ messages: [user("ignored")], chat_history: history.slice(1, 2), input_text: "q2" }),
      settings,
    );
    expect(input.messages).toEqual([user("q1"), user("q2")]);
  });

  it("needs input_text", () =>
    expectFieldError(
      { messages: [user("x")], chat_history: history },
      "input_text",
      /chat_history needs input_text/,
    ));

  it("is refused next to a conversation_id, whose turns the server keeps", () =>
    expectFieldError(
      { chat_history: history, input_text: "q2", conversation_id: "conv-1" },
      "chat_history",
      /conversation_id/,
    ));

  it("may be empty next to a conversation_id", () => {
    const input = chatInputFrom(
      passthroughEvent({ chat_history: [], input_text: "q2", conversation_id: "conv-1" }),
      settings,
    );
    expect(input.messages).toEqual([user("q2")]);
    expect(input.conversation_id).toBe("conv-1");
  });

  it.each([
    [{ sender: "bot", message: "x" }, "chat_history.0.sender"],
    [{ sender: "tool", message: "x" }, "chat_history.0.sender"],
    [{ sender: "user" }, "chat_history.0.message"],
    [{ sender: "user", message: 5 }, "chat_history.0.message"],
    [{ role: "user", content: "x" }, "chat_history.0.sender"],
  ])("rejects entry %j", (entry, field) =>
    expectFieldError({ chat_history: [entry], input_text: "hi" }, field),
  );

  it("drops a chat kit's display keys (direction, sentTime) from each entry", () => {
    const input = chatInputFrom(
      passthroughEvent({
        chat_history: [{ sender: "user", message: "q1", direction: "outgoing", sentTime: "12/2/2026" }],
        input_text: "q2",
      }),
      settings,
    );
    expect(input.messages).toEqual([user("q1"), user("q2")]);
  });
});

describe("temperature", () => {
  it.each([0, 0.7, 2])("accepts %d", (temperature) => {
    expect(chatInputFrom(passthroughEvent({ input_text: "hi", temperature }), settings).temperature).toBe(
      temperature,
    );
  });

  it.each([-0.01, 2.01, 3, -1, "1", null, true])("rejects %j", (temperature) =>
    expectFieldError({ input_text: "hi", temperature }, "temperature"),
  );
});

describe("max_tokens", () => {
  it.each([1, 150, 4096])("accepts %d", (maxTokens) => {
    expect(
      chatInputFrom(passthroughEvent({ input_text: "hi", max_tokens: maxTokens }), settings).max_tokens,
    ).toBe(maxTokens);
  });

  it.each([0, -1, 1.5, "10", null, 1e9])("rejects %j", (maxTokens) =>
    expectFieldError({ input_text: "hi", max_tokens: maxTokens }, "max_tokens"),
  );
});

describe("tools", () => {
  const tool = { type: "function", function: { name: "lookup", parameters: { type: "object" } } };

  it("passes tools and tool_choice on", () => {
    const input = chatInputFrom(
      passthroughEvent({ input_text: "hi", tools: [tool], tool_choice: "required" }),
      settings,
    );
    expect(input.tools).toEqual([tool]);
    expect(input.tool_choice).toBe("required");
  });

  it("rejects tool_choice without tools", () =>
    expectFieldError({ input_text: "hi", tool_choice: "auto" }, "tool_choice", /needs tools/));

  it("rejects a tool name with spaces", () =>
    expectFieldError(
      { input_text: "hi", tools: [{ type: "function", function: { name: "look up" } }] },
      "tools.0.function.name",
    ));
});

describe("app routes (/examples/<slug>)", () => {
  const app = findApp("default-grammar");

  it("build system prompt, history, then the user's text, with the app's settings", () => {
    if (!app) throw new Error("default-grammar is missing from the catalog");
    const input = chatInputFrom(
      appEvent(app.slug, {
        input_text: "me and him",
        chat_history: [{ sender: "assistant", message: "hello" }],
      }),
      settings,
    );
    expect(input.messages).toEqual([
      { role: "system", content: app.system_prompt },
      { role: "assistant", content: "hello" },
      user("me and him"),
    ]);
    expect(input).toMatchObject({
      model: app.model ?? "default-model-setting",
      temperature: app.temperature,
      max_tokens: app.max_tokens,
      input_text: "me and him",
    });
    expect(input.app?.slug).toBe(app.slug);
  });

  it("leave the client's system bubbles (welcome text) out: the app's own prompt is the instruction", () => {
    if (!app) throw new Error("default-grammar is missing from the catalog");
    const input = chatInputFrom(
      appEvent(app.slug, {
        input_text: "me and him",
        chat_history: [
          { sender: "system", message: "Hello, I fix grammar.", direction: "incoming" },
          { sender: "user", message: "earlier", direction: "outgoing" },
        ],
      }),
      settings,
    );
    expect(input.messages).toEqual([
      { role: "system", content: app.system_prompt },
      user("earlier"),
      user("me and him"),
    ]);
  });

  it("require input_text", () => {
    const error = rejectionOf(appEvent("default-grammar", { chat_history: [] }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/^input_text: /);
  });

  it("do not let the client pick the app's model or temperature", () => {
    const error = rejectionOf(
      appEvent("default-grammar", { input_text: "x", temperature: 2, model: "gpt-x" }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/temperature/);
    expect(error.message).toMatch(/model/);
  });

  it("refuse chat_history next to a conversation_id", () => {
    const error = rejectionOf(
      appEvent("default-grammar", {
        input_text: "x",
        chat_history: [{ sender: "user", message: "earlier" }],
        conversation_id: "conv-1",
      }),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toMatch(/^chat_history: .*conversation_id/);
  });

  it("answer 404 for an unknown app, before reading the body", () => {
    const error = rejectionOf(appEvent("no-such-app", "not json"));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("no-such-app");
  });

  it("take the app from the route API Gateway names, never from a templated resource", () => {
    const event = fixtureEvent("app-default-grammar", {
      resource: "/examples/{slug}",
      pathParameters: { slug: "default-summarize" },
      body: JSON.stringify({ input_text: "long text" }),
    });
    expect(() => chatInputFrom(event, settings)).toThrow(NotFoundError);
  });
});
