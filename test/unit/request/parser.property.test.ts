import type { APIGatewayProxyEvent } from "aws-lambda";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getCatalog } from "../../../src/common/catalog/index.js";
import { BadRequestError, NotFoundError } from "../../../src/common/errors.js";
import { DEFAULT_REQUEST_LIMITS } from "../../../src/common/request/limits.js";
import { decodeBody, validated } from "../../../src/common/request/parse-body.js";
import { defaultSettings } from "../../../src/common/settings/load.js";
import { chatInputFrom } from "../../support/chat-input.js";
import { fixtureEvent, passthroughEvent } from "../../support/events.js";
import { defaultSchemas } from "../../support/request-schemas.js";

const settings = defaultSettings();

const text = fc.string({ maxLength: 200, unit: "grapheme" });
/** input_text is trimmed and must keep at least one character. */
const inputText = text.filter((value) => value.trim().length > 0);
const toolCallId = fc.stringMatching(/^call_[A-Za-z0-9]{1,12}$/);
const toolName = fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/);

const content = fc.oneof(
  { weight: 4, arbitrary: text },
  {
    weight: 1,
    arbitrary: fc.array(fc.record({ type: fc.constant("text"), text }), { minLength: 1, maxLength: 3 }),
  },
);

const message = fc.oneof(
  fc.record({ role: fc.constantFrom("system", "user", "assistant"), content }),
  fc.record({ role: fc.constant("user"), content, name: toolName }),
  fc.record({
    role: fc.constant("assistant"),
    content: fc.constant(null),
    tool_calls: fc.array(
      fc.record({
        id: toolCallId,
        type: fc.constant("function"),
        function: fc.record({ name: toolName, arguments: fc.json() }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({ role: fc.constant("tool"), tool_call_id: toolCallId, content: text }),
);

const historyEntry = fc.record({ sender: fc.constantFrom("user", "assistant", "system"), message: text });

const sampling = fc.record(
  {
    model: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,30}$/),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    max_tokens: fc.integer({ min: 1, max: 128_000 }),
    object_type: fc.constant("chat.completion"),
  },
  { requiredKeys: [] },
);

/** Any body the contract accepts: messages, input_text, or chat_history + input_text. */
const validBody = fc.oneof(
  fc
    .tuple(sampling, fc.array(message, { minLength: 1, maxLength: 12 }))
    .map(([s, messages]) => ({ ...s, messages })),
  fc.tuple(sampling, inputText).map(([s, input_text]) => ({ ...s, input_text })),
  fc
    .tuple(sampling, fc.array(message, { minLength: 1, maxLength: 6 }), inputText)
    .map(([s, messages, input_text]) => ({ ...s, messages, input_text })),
  fc
    .tuple(sampling, fc.array(historyEntry, { maxLength: 12 }), inputText)
    .map(([s, chat_history, input_text]) => ({ ...s, chat_history, input_text })),
);

type ValidBody = {
  model?: string;
  temperature?: number;
  max_tokens?: number;
  messages?: unknown[];
  input_text?: string;
  chat_history?: { sender: string; message: string }[];
};

function expectedMessages(body: ValidBody): unknown[] {
  const base = body.chat_history
    ? body.chat_history.map(({ sender, message }) => ({ role: sender, content: message }))
    : (body.messages ?? []);
  return body.input_text === undefined ? base : [...base, { role: "user", content: body.input_text.trim() }];
}

function appEvent(slug: string, body: string): APIGatewayProxyEvent {
  return fixtureEvent("app-default-grammar", {
    resource: `/examples/${slug}`,
    path: `/examples/${slug}`,
    body,
  });
}

/** Runs the parser; anything it throws must be one of the service's 4xx errors. */
function parsesOrRejectsCleanly(run: () => unknown, allowed: (error: unknown) => boolean = isBadRequest) {
  try {
    run();
  } catch (error) {
    if (!allowed(error)) throw error;
    expect((error as Error).message.length).toBeGreaterThan(0);
  }
}
const isBadRequest = (error: unknown) => error instanceof BadRequestError;

describe("request parser (property-based)", () => {
  it("parses every valid passthrough body and keeps its messages in order", () => {
    fc.assert(
      fc.property(validBody, (body: ValidBody) => {
        const input = chatInputFrom(passthroughEvent(body), settings);
        expect(input.messages).toEqual(expectedMessages(body));
        expect(input.temperature).toBe(body.temperature ?? 0.5);
        expect(input.max_tokens).toBe(body.max_tokens ?? 150);
        expect(input.model).toBe(body.model ?? settings.OPENAI_MODEL);
      }),
      { numRuns: 300 },
    );
  });

  it("parses the same body base64-encoded", () => {
    fc.assert(
      fc.property(validBody, (body) => {
        const json = JSON.stringify(body);
        const encoded = fixtureEvent("passthrough", {
          body: Buffer.from(json).toString("base64"),
          isBase64Encoded: true,
        });
        expect(chatInputFrom(encoded, settings)).toEqual(chatInputFrom(passthroughEvent(json), settings));
      }),
      { numRuns: 50 },
    );
  });

  it("builds every app's messages as system prompt, history without system bubbles, user text", () => {
    const apps = getCatalog().apps;
    fc.assert(
      fc.property(
        fc.constantFrom(...apps),
        fc.array(historyEntry, { maxLength: 10 }),
        inputText,
        (app, chat_history, input_text) => {
          const input = chatInputFrom(
            appEvent(app.slug, JSON.stringify({ chat_history, input_text })),
            settings,
          );
          expect(input.messages).toEqual([
            { role: "system", content: app.system_prompt },
            ...chat_history
              .filter(({ sender }) => sender !== "system")
              .map(({ sender, message }) => ({ role: sender, content: message })),
            { role: "user", content: input_text.trim() },
          ]);
          expect(input).toMatchObject({ temperature: app.temperature, max_tokens: app.max_tokens });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("answers any JSON value with a parse or a BadRequestError, never another error", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        parsesOrRejectsCleanly(() => chatInputFrom(passthroughEvent(JSON.stringify(value)), settings));
        parsesOrRejectsCleanly(() =>
          validated(decodeBody(JSON.stringify(value), false, DEFAULT_REQUEST_LIMITS), defaultSchemas.app),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("answers objects with the contract's keys holding arbitrary JSON the same way", () => {
    const keys = Object.keys(defaultSchemas.chat.shape);
    const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), message, fc.array(message, { maxLength: 3 }));
    const body = fc.dictionary(fc.constantFrom(...keys, "extra"), anyValue, { maxKeys: 6 });
    fc.assert(
      fc.property(body, (value) => {
        parsesOrRejectsCleanly(() => chatInputFrom(passthroughEvent(value), settings));
      }),
      { numRuns: 500 },
    );
  });

  it("answers mutated valid bodies the same way", () => {
    const mutated = fc
      .tuple(
        validBody,
        fc.constantFrom("messages", "temperature", "max_tokens", "input_text", "chat_history", "model"),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([body, key, value]) => ({ ...body, [key]: value }));
    fc.assert(
      fc.property(mutated, (value) => {
        parsesOrRejectsCleanly(() => chatInputFrom(passthroughEvent(value), settings));
      }),
      { numRuns: 500 },
    );
  });

  it("answers arbitrary text, on both route kinds, the same way (unknown apps 404)", () => {
    const slug = fc.oneof(
      fc.constantFrom(...getCatalog().apps.map((app) => app.slug)),
      fc.stringMatching(/^[a-z-]{1,20}$/),
    );
    const isClientError = (error: unknown) =>
      error instanceof BadRequestError || error instanceof NotFoundError;
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), slug, (body, appSlug) => {
        parsesOrRejectsCleanly(() => chatInputFrom(passthroughEvent(body), settings));
        parsesOrRejectsCleanly(() => chatInputFrom(appEvent(appSlug, body), settings), isClientError);
      }),
      { numRuns: 500 },
    );
  });
});
