import { describe, expect, it } from "vitest";
import { offlineModelForFile } from "./offline-client.js";

const offline = offlineModelForFile();

const conversation = [
  { role: "system" as const, content: "You are Marv, a sarcastic chatbot.\nAnswer briefly." },
  { role: "user" as const, content: "Hi" },
  { role: "assistant" as const, content: "Oh, it's you." },
  { role: "user" as const, content: "How many pounds are in a kilogram?" },
];

describe("offline model: plain completions", () => {
  it("lists one model whose id starts with offline", async () => {
    const models = [];
    for await (const model of offline.client().models.list()) models.push(model.id);
    expect(models).toEqual(["offline-echo-1"]);
  });

  it("answers a labelled chat.completion showing the app and the last user message", async () => {
    const completion = await offline
      .client()
      .chat.completions.create({ model: "gpt-4o", messages: conversation });
    expect(completion.object).toBe("chat.completion");
    expect(completion.id).toMatch(/^chatcmpl-offline-[0-9a-f]+$/);
    expect(completion.model).toBe("offline-echo-1");
    const [choice] = completion.choices;
    expect(choice?.finish_reason).toBe("stop");
    expect(choice?.message.role).toBe("assistant");
    const content = choice?.message.content ?? "";
    expect(content.startsWith("[Offline model]")).toBe(true);
    expect(content).toContain("no OpenAI key is configured");
    expect(content).toContain("App: You are Marv, a sarcastic chatbot.\n");
    expect(content).not.toContain("Answer briefly.");
    expect(content).toContain('You said: "How many pounds are in a kilogram?"');
    expect(content).toContain("(2 earlier messages in this conversation)");
    expect(content).toContain("set OPENAI_API_KEY");
  });

  it("estimates usage from the texts", async () => {
    const completion = await offline
      .client()
      .chat.completions.create({ model: "gpt-4o", messages: conversation });
    const usage = completion.usage;
    const content = completion.choices[0]?.message.content ?? "";
    expect(usage?.completion_tokens).toBe(Math.ceil(Array.from(content).length / 4));
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.total_tokens).toBe((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0));
  });

  it("answers the same text and id for the same input, and another id for another input", async () => {
    const client = offline.client();
    const first = await client.chat.completions.create({ model: "gpt-4o", messages: conversation });
    const second = await client.chat.completions.create({ model: "gpt-4o", messages: conversation });
    const other = await client.chat.completions.create({
      model: "gpt-4o",
      messages: conversation.slice(0, 2),
    });
    expect(second.choices[0]?.message.content).toBe(first.choices[0]?.message.content);
    expect(second.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(other.choices[0]?.message.content).toContain('You said: "Hi"');
  });

  it("echoes a requested offline model id and replaces any other", async () => {
    const client = offline.client();
    const messages = [{ role: "user" as const, content: "Hello" }];
    expect((await client.chat.completions.create({ model: "offline-test-2", messages })).model).toBe(
      "offline-test-2",
    );
    expect((await client.chat.completions.create({ model: "gpt-4-turbo", messages })).model).toBe(
      "offline-echo-1",
    );
  });

  it("says so when there is no system prompt", async () => {
    const completion = await offline.client().chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: [{ type: "text", text: "Parts work too" }] }],
    });
    const content = completion.choices[0]?.message.content ?? "";
    expect(content).toContain("App: (no system prompt)");
    expect(content).toContain('You said: "Parts work too"');
    expect(content).toContain("(0 earlier messages in this conversation)");
  });

  it("truncates to max_tokens and finishes with length", async () => {
    const completion = await offline.client().chat.completions.create({
      model: "gpt-4o",
      messages: conversation,
      max_tokens: 5,
    });
    const [choice] = completion.choices;
    expect(choice?.finish_reason).toBe("length");
    expect(choice?.message.content).toBe("[Offline model] This");
    expect(completion.usage?.completion_tokens).toBe(5);
  });

  it("honours max_completion_tokens the same way", async () => {
    const completion = await offline.client().chat.completions.create({
      model: "gpt-4o",
      messages: conversation,
      max_completion_tokens: 3,
    });
    expect(completion.choices[0]?.finish_reason).toBe("length");
    expect(completion.choices[0]?.message.content).toBe("[Offline mod");
  });
});
