import { describe, expect, it } from "vitest";
import { OPENAI_ERRORS } from "../../../src/adapters/openai-compat/openai-errors.js";
import { openAIReply } from "../../../src/adapters/openai-compat/openai-reply.js";
import { BadRequestError, TooManyRequestsError, UpstreamError } from "../../../src/common/errors.js";
import type { StreamEvent } from "../../../src/common/streaming/sse.js";
import { jsonReply } from "../../../src/core/reply.js";
import { createLogger } from "../../../src/services/logger.js";
import { testSettings } from "../../support/settings.js";

const logger = createLogger({ ...testSettings().settings, LOG_LEVEL: "SILENT" });

const chunk = (content: string, usage: unknown = null) => ({
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  created: 1,
  model: "m",
  choices: [{ index: 0, delta: { content }, finish_reason: null }],
  usage,
});
const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
const final = { ...chunk(""), choices: [], usage, request_meta_data: { lambda: "lambda_openai_v2" } };

async function* handlerEvents(): AsyncGenerator<StreamEvent> {
  yield { data: chunk("Hel") };
  yield { event: "tool_call", data: { name: "get_current_weather" } };
  yield { data: chunk("lo") };
  yield { data: final };
}

async function written(includeUsage: boolean): Promise<unknown[]> {
  const reply = openAIReply({ kind: "events", events: handlerEvents() }, includeUsage);
  if (reply.kind !== "events") throw new Error("expected events");
  const data: unknown[] = [];
  for await (const event of reply.events) {
    expect(event.event).toBeUndefined();
    data.push(event.data);
  }
  return data;
}

describe("openAIReply: the handlers' answers in OpenAI's format", () => {
  it("leaves request_meta_data out of a whole answer, status and headers kept", () => {
    const reply = openAIReply(
      jsonReply(200, { object: "chat.completion", request_meta_data: {} }, { A: "b" }),
      false,
    );
    expect(reply).toEqual(jsonReply(200, { object: "chat.completion" }, { A: "b" }));
  });

  it("streams the chunks without usage, named events and the final chunk when usage is not asked for", async () => {
    const { usage: _left, ...plain } = chunk("Hel");
    expect(await written(false)).toEqual([
      plain,
      { ...plain, choices: [{ index: 0, delta: { content: "lo" }, finish_reason: null }] },
    ]);
  });

  it("ends with the usage chunk, without choices or request_meta_data, when include_usage is set", async () => {
    const data = await written(true);
    expect(data).toHaveLength(3);
    expect(data.slice(0, 2).every((item) => (item as { usage: unknown }).usage === null)).toBe(true);
    const { request_meta_data: _meta, ...last } = final;
    expect(data[2]).toEqual(last);
  });
});

describe("OPENAI_ERRORS", () => {
  it("writes OpenAI's error shape, the field as param, the service's type as code", () => {
    const reply = OPENAI_ERRORS.reply(
      new BadRequestError("messages: required", { param: "messages" }),
      "r",
      logger,
    );
    expect(reply).toMatchObject({
      status: 400,
      body: {
        error: {
          message: "messages: required",
          type: "invalid_request_error",
          param: "messages",
          code: "invalid_request",
        },
      },
    });
  });

  it("keeps Retry-After, and a 5xx shows only its public message", () => {
    const limited = OPENAI_ERRORS.reply(new TooManyRequestsError("slow down", 2), "r", logger);
    expect(limited.headers).toEqual({ "Retry-After": "2" });
    expect(limited.body).toMatchObject({ error: { type: "rate_limit_error", code: "rate_limited" } });
    const failed = OPENAI_ERRORS.event(new UpstreamError("secret upstream detail"), "r", logger);
    expect(failed.event).toBeUndefined();
    expect(JSON.stringify(failed.data)).not.toContain("secret upstream detail");
    expect(failed.data).toMatchObject({
      error: { type: "server_error", param: null, code: "upstream_error" },
    });
  });
});
