import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../../src/common/catalog/index.js";
import { type RunningService, startTestService } from "../support/local-service.js";

interface ChatCompletionBody {
  object: string;
  model: string;
  choices: { message: { content: string } }[];
  request_meta_data: Record<string, unknown>;
}

let service: RunningService;

beforeAll(async () => {
  service = await startTestService({
    THROTTLE_SETTINGS_RATE_LIMIT: "1000",
    THROTTLE_SETTINGS_BURST_LIMIT: "100",
  });
});
afterAll(() => service.stop());

describe("every catalog app over HTTP with the offline model", () => {
  it("is served by the offline model when no key is set", () => {
    expect(service.offline).toBe(true);
  });

  it.each(getCatalog().apps.map((app) => [app.slug]))(
    "POST /examples/%s answers a chat.completion",
    async (slug) => {
      const response = await service.post(`/examples/${slug}`, {
        input_text: "Hello there",
        chat_history: [{ sender: "user", message: "earlier question" }],
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as ChatCompletionBody;
      expect(body.object).toBe("chat.completion");
      expect(body.model).toMatch(/^offline/);
      expect(body.choices[0]?.message.content).toContain("Hello there");
      expect(body.request_meta_data).toMatchObject({ app: slug, input_text: "Hello there" });
    },
  );
});
