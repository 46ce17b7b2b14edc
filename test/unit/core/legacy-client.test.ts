import { describe, expect, it } from "vitest";
import { proxyRequestParts } from "../../../src/adapters/rest-proxy/proxy-request.js";
import { UpstreamTimeoutError } from "../../../src/common/errors.js";
import { withLegacyClientFields } from "../../../src/core/legacy-client.js";
import { readRequest } from "../../../src/core/read-request.js";
import { jsonReply } from "../../../src/core/reply.js";
import type { ChatRequest } from "../../../src/core/request.js";
import { apiRoutes, RouteTable } from "../../../src/core/routes.js";
import { fixtureEvent } from "../../support/events.js";
import { testContext } from "../../support/lambda-context.js";
import { ORIGINAL_CLIENT_BODY } from "../../support/original-client.js";
import { defaultSchemas } from "../../support/request-schemas.js";

const routes = new RouteTable(apiRoutes());

function chatRequest(resource: string, body: unknown = ORIGINAL_CLIENT_BODY): ChatRequest {
  const event = fixtureEvent("app-default-grammar", { resource, path: resource, body: JSON.stringify(body) });
  const parts = proxyRequestParts(event, testContext(), routes, {
    canStream: false,
    signal: new AbortController().signal,
  });
  const request = readRequest(parts, defaultSchemas);
  if (request.kind !== "chat") throw new Error(`${resource} is not a chat route`);
  return request;
}

const completion = {
  object: "chat.completion",
  choices: [{ message: { role: "assistant", content: "Because." } }],
  request_meta_data: { lambda: "lambda_langchain", model: "gpt-4o-mini" },
};

describe("withLegacyClientFields", () => {
  it("copies a langchain answer into body, with the memory dump ending with the answer", () => {
    const reply = withLegacyClientFields(
      chatRequest("/examples/default-marv-sarcastic-chat"),
      jsonReply(200, completion),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      ...completion,
      body: {
        ...completion,
        chat_memory: {
          messages: [
            { type: "human", content: "What is the meaning of life?" },
            { type: "human", content: "And why is that?" },
            { type: "ai", content: "Because." },
          ],
        },
      },
    });
  });

  it("names an assistant bubble ai in the memory dump", () => {
    const body = { input_text: "q2", chat_history: [{ sender: "assistant", message: "a1" }] };
    const reply = withLegacyClientFields(
      chatRequest("/examples/default-marv-sarcastic-chat", body),
      jsonReply(200, completion),
    );
    expect((reply.body as { body: { chat_memory: unknown } }).body.chat_memory).toEqual({
      messages: [
        { type: "ai", content: "a1" },
        { type: "human", content: "q2" },
        { type: "ai", content: "Because." },
      ],
    });
  });

  it("gives an error body.message and keeps its status", () => {
    const error = new UpstreamTimeoutError("The model took too long.");
    const reply = withLegacyClientFields(
      chatRequest("/examples/default-grammar"),
      jsonReply(error.statusCode, error.toBody("req-1")),
    );
    const ours = error.toBody("req-1");
    expect(reply.status).toBe(504);
    expect(reply.body).toEqual({ ...ours, body: { message: ours.error.message } });
    expect(ours.error.message).not.toBe("");
  });

  it("leaves passthrough answers alone", () => {
    const reply = jsonReply(200, completion);
    expect(withLegacyClientFields(chatRequest("/passthrough"), reply)).toBe(reply);
  });
});
