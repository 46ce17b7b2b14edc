import type OpenAI from "openai";
import type { ChatCompletion, ChatCompletionCreateParams } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAIV2Handler } from "../../src/handlers/openai_v2/index.js";
import { openAIV2Services } from "../../src/handlers/openai_v2/services.js";
import { passthroughEvent } from "../support/events.js";
import { testContext } from "../support/lambda-context.js";
import { type RunningService, startTestService } from "../support/local-service.js";
import { testSettings } from "../support/settings.js";
import { wholeAnswers } from "../support/streaming-entry.js";

/** A model client that answers from memory and remembers what it was asked: no network at all. */
function fakeOpenAI(answer: string) {
  const asked: ChatCompletionCreateParams[] = [];
  const completion = (model: string): ChatCompletion => ({
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 0,
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: answer, refusal: null },
        finish_reason: "stop",
        logprobs: null,
      },
    ],
  });
  const client = {
    chat: {
      completions: {
        create: async (params: ChatCompletionCreateParams) => {
          asked.push(params);
          return completion(params.model);
        },
      },
    },
  };
  return { client: client as unknown as OpenAI, asked };
}

describe("services are passed in, never reached for", () => {
  it("a Lambda entry answers with the model client its services carry", async () => {
    const fake = fakeOpenAI("from the injected client");
    const services = { ...openAIV2Services(testSettings()), openai: fake.client };
    const handler = wholeAnswers(openAIV2Handler(() => Promise.resolve(services)));
    const result = await handler(passthroughEvent({ input_text: "who answers?" }), testContext());
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).choices[0].message.content).toBe("from the injected client");
    expect(fake.asked[0]?.messages).toEqual([{ role: "user", content: "who answers?" }]);
  });

  describe("the local server", () => {
    const fake = fakeOpenAI("from the local server's injected client");
    let service: RunningService;
    beforeAll(async () => {
      service = await startTestService({}, { services: { openai: fake.client } });
    });
    afterAll(() => service.stop());

    it("runs its handlers on the services it was started with", async () => {
      const response = await service.post("/examples/default-grammar", {
        input_text: "Me and him was late.",
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { choices: { message: { content: string } }[] };
      expect(body.choices[0]?.message.content).toBe("from the local server's injected client");
      expect(fake.asked[0]?.messages.at(-1)).toEqual({ role: "user", content: "Me and him was late." });
    });
  });
});
