import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readOpenAIChat } from "../../../src/adapters/openai-compat/read-openai-request.js";
import { getCatalog } from "../../../src/common/catalog/index.js";
import { chatInputOf } from "../../../src/common/chat/chat-input.js";
import { BadRequestError, NotFoundError } from "../../../src/common/errors.js";
import { defaultSettings } from "../../../src/common/settings/load.js";
import type { RequestParts } from "../../../src/core/read-request.js";
import { apiRoutes, OPENAI_CHAT_RESOURCE, RouteTable } from "../../../src/core/routes.js";
import { defaultSchemas } from "../../support/request-schemas.js";

const routes = new RouteTable(apiRoutes());
const settings = defaultSettings();
const chatRoute = routes.byResource("POST", OPENAI_CHAT_RESOURCE);
if (!chatRoute) throw new Error("no /v1/chat/completions route");

function partsOf(body: unknown, canStream = true): RequestParts {
  return {
    route: chatRoute as RequestParts["route"],
    method: "POST",
    pathParameters: {},
    query: {},
    headers: {},
    body: JSON.stringify(body),
    isBase64Encoded: false,
    requestId: "req-1",
    caller: { kind: "anonymous" },
    canStream,
    signal: new AbortController().signal,
  };
}

const read = (body: unknown, allowed: string[] = [], canStream = true) =>
  readOpenAIChat(partsOf(body, canStream), routes, { ...settings, ALLOWED_MODELS: allowed }, defaultSchemas);

const text = fc.string({ minLength: 1, maxLength: 100 });
const message = fc.record({ role: fc.constantFrom("system", "user", "assistant"), content: text });
const messages = fc.array(message, { minLength: 1, maxLength: 6 });
const appSlug = fc.constantFrom(...getCatalog().apps.map((app) => app.slug));
const upstreamModel = fc.stringMatching(/^gpt-[a-z0-9.-]{1,20}$/);

describe("readOpenAIChat: OpenAI's body into the core's request", () => {
  it("runs any app named as the model on its own route, its prompt first, its parameters", () => {
    fc.assert(
      fc.property(
        appSlug,
        messages,
        fc.double({ min: 0, max: 2, noNaN: true }),
        (slug, sent, temperature) => {
          const { request } = read({ model: slug, messages: sent, temperature });
          const app = getCatalog().apps.find((candidate) => candidate.slug === slug);
          expect(request.route.resource).toBe(`/examples/${slug}`);
          expect(request.route.handler).toBe(app?.handler);
          const input = chatInputOf(request.body, settings);
          expect(input.messages).toEqual([{ role: "system", content: app?.system_prompt }, ...sent]);
          expect(input.temperature).toBe(app?.temperature);
          expect(input.max_tokens).toBe(app?.max_tokens);
        },
      ),
    );
  });

  it("passes any other model through on /passthrough with the client's parameters", () => {
    fc.assert(
      fc.property(upstreamModel, messages, fc.integer({ min: 1, max: 128_000 }), (model, sent, maxTokens) => {
        const { request } = read({ model, messages: sent, max_tokens: maxTokens, top_p: 0.5 });
        expect(request.route.resource).toBe("/passthrough");
        const input = chatInputOf(request.body, settings);
        expect(input).toMatchObject({ model, max_tokens: maxTokens, messages: sent, params: { top_p: 0.5 } });
      }),
    );
  });

  it("lets only ALLOWED_MODELS through, and apps always", () => {
    const sent = [{ role: "user", content: "Hi" }];
    expect(() => read({ model: "gpt-other", messages: sent }, ["gpt-4o"])).toThrow(NotFoundError);
    expect(read({ model: "gpt-4o", messages: sent }, ["gpt-4o"]).request.route.resource).toBe("/passthrough");
    expect(read({ model: "default-grammar", messages: sent }, ["gpt-4o"]).request.route.resource).toBe(
      "/examples/default-grammar",
    );
  });

  it("takes nulls as unset and max_completion_tokens over max_tokens", () => {
    const { request } = read({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Hi" }],
      temperature: null,
      max_tokens: 10,
      max_completion_tokens: 20,
      seed: null,
      stream: null,
    });
    const input = chatInputOf(request.body, settings);
    expect(input).toMatchObject({ temperature: 1, max_tokens: 20, params: {} });
    expect(request.wantsStream).toBe(false);
  });

  it("streams only when asked and the transport can; include_usage is read once", () => {
    const body = { model: "gpt-4o", messages: [{ role: "user", content: "Hi" }], stream: true };
    expect(read(body).request.wantsStream).toBe(true);
    expect(read(body, [], false).request.wantsStream).toBe(false);
    expect(read(body).includeUsage).toBe(false);
    expect(read({ ...body, stream_options: { include_usage: true } }).includeUsage).toBe(true);
  });

  it.each([
    [{ messages: [{ role: "user", content: "Hi" }] }, "model"],
    [{ model: "gpt-4o" }, "messages"],
    [{ model: "gpt-4o", messages: [] }, "messages"],
    [{ model: "gpt-4o", messages: [{ role: "robot", content: "Hi" }] }, "messages.0.role"],
    [{ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }], n: 2 }, "n"],
    [{ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }], temperature: 3 }, "temperature"],
    [{ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }], logprobs: true }, ""],
    [{ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }], tool_choice: "auto" }, "tool_choice"],
    [{ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }], stream_options: {} }, "stream_options"],
  ])("refuses %j with a 400 naming %s", (body, field) => {
    let caught: unknown;
    try {
      read(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadRequestError);
    const error = caught as BadRequestError;
    if (field === "") expect(error.message).toContain("logprobs");
    else {
      expect(error.param).toBe(field);
      expect(error.message).toContain(`${field}:`);
    }
  });

  it("never answers anything but a request or a 400 for arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          read(value);
        } catch (error) {
          expect(error).toBeInstanceOf(BadRequestError);
        }
      }),
    );
  });
});
