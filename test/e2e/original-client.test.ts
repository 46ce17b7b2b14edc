import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";
import { ORIGINAL_CLIENT_BODY, ORIGINAL_CLIENT_HEADERS } from "../support/original-client.js";

/** What the earlier React client reads of an answer (/work/shared/reference/original-client.md). */
interface LegacyAnswer {
  object: string;
  choices: { message: { content: string } }[];
  body?: {
    request_meta_data: { lambda: string; model: string };
    choices: { message: { content: string } }[];
    chat_memory?: { messages: { type: string; content: string }[] };
    message?: string;
  };
  error?: { message: string };
}

/** The answer text as the client picks it: the memory's last ai entry for langchain apps. */
function clientText(body: NonNullable<LegacyAnswer["body"]>): string | undefined {
  if (body.request_meta_data.lambda === "lambda_langchain")
    return body.chat_memory?.messages.filter((m) => m.type === "ai").at(-1)?.content;
  return body.choices[0]?.message.content;
}

const post = (service: RunningService, path: string, body: unknown = ORIGINAL_CLIENT_BODY) =>
  service.post(path, body, ORIGINAL_CLIENT_HEADERS);

describe.each([false, true])("the original client's exact body, LEGACY_CLIENT_COMPAT=%s", (compat) => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService({ ...UNTHROTTLED, LEGACY_CLIENT_COMPAT: String(compat) });
  });
  afterAll(() => service.stop());

  it.each(["default-marv-sarcastic-chat", "default-grammar"])(
    "POST /examples/%s answers 200",
    async (slug) => {
      const response = await post(service, `/examples/${slug}`);
      expect(response.status).toBe(200);
      const answer = (await response.json()) as LegacyAnswer;
      expect(answer.object).toBe("chat.completion");
      const ours = answer.choices[0]?.message.content;
      expect(ours).toContain("And why is that?");
      if (!compat) {
        expect(answer.body).toBeUndefined();
        return;
      }
      if (!answer.body) throw new Error("no body field with LEGACY_CLIENT_COMPAT on");
      expect(answer.body.request_meta_data.model).toEqual(expect.any(String));
      expect(clientText(answer.body)).toBe(ours);
    },
  );

  it("gives langchain answers the memory dump: history without the welcome bubble, the turn, the answer", async () => {
    const answer = (await (
      await post(service, "/examples/default-marv-sarcastic-chat")
    ).json()) as LegacyAnswer;
    if (!compat) return expect(answer.body).toBeUndefined();
    expect(answer.body?.chat_memory?.messages).toEqual([
      { type: "human", content: "What is the meaning of life?" },
      { type: "human", content: "And why is that?" },
      { type: "ai", content: answer.choices[0]?.message.content },
    ]);
  });

  it("leaves openai_v2 answers without a memory dump", async () => {
    const answer = (await (await post(service, "/examples/default-grammar")).json()) as LegacyAnswer;
    expect(answer.body?.chat_memory).toBeUndefined();
  });

  it("keeps the passthrough routes' answers unchanged", async () => {
    const answer = (await (await post(service, "/passthrough")).json()) as LegacyAnswer;
    expect(answer.object).toBe("chat.completion");
    expect(answer.body).toBeUndefined();
  });

  it("answers a body it refuses 400, with body.message when compat is on", async () => {
    const response = await post(service, "/examples/default-grammar", { chat_history: [] });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as LegacyAnswer;
    expect(answer.error?.message).toContain("input_text");
    expect(answer.body).toEqual(compat ? { message: answer.error?.message } : undefined);
  });

  it("answers a misspelt slug's preflight 204 and its POST 404", async () => {
    const path = "/examples/default-single-page-websit";
    const preflight = await fetch(`${service.url}${path}`, {
      method: "OPTIONS",
      headers: {
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-api-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect((await post(service, path)).status).toBe(404);
  });
});
