import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { offlineModelForFile, weatherTool } from "./offline-client.js";

const offline = offlineModelForFile();
const messages = [
  { role: "system" as const, content: "You are a helpful translator." },
  { role: "user" as const, content: "Translate 'good morning' into French, please." },
];

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("offline model: streaming", () => {
  it("streams word-group chunks that reassemble to the non-streamed answer", async () => {
    const client = offline.client();
    const whole = await client.chat.completions.create({ model: "gpt-4o", messages });
    const chunks = await collect(
      await client.chat.completions.create({ model: "gpt-4o", messages, stream: true }),
    );

    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk" && chunk.id === whole.id)).toBe(
      true,
    );
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    const contentChunks = chunks.filter((chunk) => (chunk.choices[0]?.delta.content ?? "") !== "");
    expect(contentChunks.length).toBeGreaterThan(5);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("sends a final usage chunk with empty choices when include_usage is set", async () => {
    const client = offline.client();
    const whole = await client.chat.completions.create({ model: "gpt-4o", messages });
    const chunks = await collect(
      await client.chat.completions.create({
        model: "gpt-4o",
        messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual(whole.usage);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
  });

  it("is text/event-stream and ends with data: [DONE]", async () => {
    const response = await fetch(`${offline.server().url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages, stream: true, max_tokens: 4 }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const body = await response.text();
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
    const events = body.split("\n\n").filter((event) => event !== "");
    expect(events.every((event) => event.startsWith("data: "))).toBe(true);
    expect(body).toContain('"finish_reason":"length"');
  });

  it("streams tool calls as deltas the SDK assembles into the non-streamed call", async () => {
    const client = offline.client();
    const request = {
      model: "gpt-4o",
      messages: [{ role: "user" as const, content: "How warm is it in Lisbon?" }],
      tools: [weatherTool],
    };
    const whole = await client.chat.completions.create(request);
    const streamed = await client.chat.completions.stream(request).finalChatCompletion();
    expect(streamed.choices[0]?.finish_reason).toBe("tool_calls");
    expect(streamed.choices[0]?.message.tool_calls).toEqual(whole.choices[0]?.message.tool_calls);

    const chunks = await collect(await client.chat.completions.create({ ...request, stream: true }));
    const argumentDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(argumentDeltas[0]).toMatchObject({
      index: 0,
      type: "function",
      function: { name: "get_current_weather" },
    });
    expect(argumentDeltas.length).toBeGreaterThan(1);
  });
});
