import { BadRequestError } from "openai";
import { describe, expect, it } from "vitest";
import { offlineModelForFile } from "./offline-client.js";

const offline = offlineModelForFile();

async function send(path: string, init: RequestInit = {}) {
  const response = await fetch(`${offline.server().url}${path}`, init);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
}

const postJson = (body: string) =>
  send("/chat/completions", { method: "POST", headers: { "content-type": "application/json" }, body });

describe("offline model: bad requests", () => {
  it("rejects a request without messages through the SDK as a BadRequestError naming the field", async () => {
    const error = await offline
      .client()
      .chat.completions.create({ model: "gpt-4o" } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe("messages");
    expect((error as BadRequestError).message).toContain("messages");
  });

  it.each([
    ["{}", "messages"],
    ['{"messages": []}', "messages"],
    ['{"messages": "hello"}', "messages"],
    ['{"messages": [{"role": "robot", "content": "hi"}]}', "messages.0.role"],
    ['{"messages": [{"role": "user", "content": "hi"}], "max_tokens": -1}', "max_tokens"],
  ])("answers 400 with an OpenAI error body for %s", async (body, param) => {
    const response = await postJson(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: {
        message: expect.stringContaining(param.split(".").at(-1) ?? param),
        type: "invalid_request_error",
        param,
        code: null,
      },
    });
  });

  it("answers 400 to a body that is JSON but not an object, or content of the wrong type", async () => {
    const notObject = await postJson("[]");
    expect(notObject.status).toBe(400);
    expect(notObject.body).toMatchObject({
      error: { message: "The request body must be a JSON object.", param: null },
    });

    const badContent = await postJson('{"messages": [{"role": "user", "content": 5}]}');
    expect(badContent.body).toMatchObject({
      error: { message: expect.stringContaining("content must be a string"), param: "messages.0.content" },
    });
  });

  it("answers 413 to a body over 4 MiB", async () => {
    const content = "x".repeat(4 * 1024 * 1024);
    const response = await postJson(JSON.stringify({ messages: [{ role: "user", content }] }));
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: { code: "request_too_large" } });
  });

  it("answers 400 to malformed JSON", async () => {
    const response = await postJson('{"messages": [');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { type: "invalid_request_error", param: null, code: "invalid_json" },
    });
  });

  it("answers 404 to an unknown route and 405 to a wrong method", async () => {
    const unknown = await send("/embeddings", { method: "POST", body: "{}" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { type: "invalid_request_error", code: "unknown_url" } });

    const wrongMethod = await send("/chat/completions");
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST");
    expect(wrongMethod.body).toMatchObject({ error: { code: "method_not_allowed" } });

    expect((await send("/models", { method: "DELETE" })).status).toBe(405);
  });
});
