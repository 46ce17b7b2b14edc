import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { offlineModelForFile, pluginInfoTool, weatherTool } from "./offline-client.js";

const offline = offlineModelForFile();
const tools = [weatherTool, pluginInfoTool];

async function toolCallFor(content: string, options: { tools?: typeof tools } = {}) {
  const completion = await offline.client().chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "user", content }],
    tools: options.tools ?? tools,
  });
  const [choice] = completion.choices;
  expect(choice?.finish_reason).toBe("tool_calls");
  expect(choice?.message.content).toBeNull();
  const [call] = choice?.message.tool_calls ?? [];
  if (call?.type !== "function")
    throw new Error(`expected a function tool call, got ${JSON.stringify(choice)}`);
  return { id: call.id, name: call.function.name, args: JSON.parse(call.function.arguments) as unknown };
}

describe("offline model: tools", () => {
  it("calls the weather tool with the place the user named, then summarizes the tool result", async () => {
    const question = "What is the weather in Paris today?";
    const call = await toolCallFor(question);
    expect(call.id).toMatch(/^call_offline_/);
    expect(call.name).toBe("get_current_weather");
    expect(call.args).toEqual({ location: "Paris", unit: "METRIC" });

    const messages: ChatCompletionMessageParam[] = [
      { role: "user", content: question },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: call.id,
            type: "function",
            function: { name: call.name, arguments: JSON.stringify(call.args) },
          },
        ],
      },
      {
        role: "tool",
        tool_call_id: call.id,
        content: JSON.stringify({ temperature_2m: [14.2, 15.1], hourly: { time: ["09:00", "10:00"] } }),
      },
    ];
    const final = await offline.client().chat.completions.create({ model: "gpt-4o", messages, tools });
    const [choice] = final.choices;
    expect(choice?.finish_reason).toBe("stop");
    expect(choice?.message.tool_calls ?? []).toEqual([]);
    // Told in a sentence, as a model would, never as raw JSON.
    expect(choice?.message.content).toContain(
      "[Offline model] Based on the tool results: get_current_weather returned temperature 2m 14.2 to 15.1 (2 values) and hourly (time “09:00” and “10:00”).",
    );
    expect(choice?.message.content).not.toMatch(/[{}]|temperature_2m/);
  });

  it.each([
    ["Is it raining in New York?", "New York"],
    ["weather at San Francisco, California.", "San Francisco, California"],
    ["For Zürich, what should I wear?", "Zürich"],
  ])("reads the place in %j", async (question, place) => {
    expect((await toolCallFor(question)).args).toEqual({ location: place, unit: "METRIC" });
  });

  it.each([
    ["Do you have coupons for Everlasting Gobstoppers?", "coupon_codes"],
    ["How do I contact the Gobstopper people?", "contact"],
    ["Any sales promotion on gobstoppers this week?", "sales_promotions"],
    ["Tell me the biography of the gobstopper inventor", "biographical"],
    ["Everlasting Gobstopper!", "contact"],
  ])("calls the plugin information tool for %j with topic %s", async (question, topic) => {
    const call = await toolCallFor(question);
    expect(call.name).toBe("everlasting_gobstopper_info");
    expect(call.args).toEqual({ topic });
  });

  it("answers in text when no tool fits or tool_choice is none", async () => {
    const client = offline.client();
    const unfitting = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hello there" }],
      tools: [weatherTool],
    });
    expect(unfitting.choices[0]?.finish_reason).toBe("stop");
    expect(unfitting.choices[0]?.message.content).toContain('You said: "hello there"');

    const refused = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "What is the weather in Paris?" }],
      tools,
      tool_choice: "none",
    });
    expect(refused.choices[0]?.finish_reason).toBe("stop");
    expect(refused.choices[0]?.message.tool_calls).toBeUndefined();
  });

  it("calls the tool named by tool_choice, and some tool when tool_choice is required", async () => {
    const client = offline.client();
    const named = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "What is the weather in Oslo?" }],
      tools,
      tool_choice: { type: "function", function: { name: "everlasting_gobstopper_info" } },
    });
    expect(named.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      function: { name: "everlasting_gobstopper_info" },
    });

    const required = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hello there" }],
      tools: [weatherTool],
      tool_choice: "required",
    });
    const call = required.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" ? JSON.parse(call.function.arguments) : undefined).toEqual({
      location: "hello there",
      unit: "METRIC",
    });
  });

  it("never calls a tool again once the current user turn has tool results", async () => {
    const completion = await offline.client().chat.completions.create({
      model: "gpt-4o",
      tools,
      tool_choice: "required",
      messages: [
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_current_weather", arguments: "{}" } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
        { role: "assistant", content: "It is sunny." },
      ],
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.choices[0]?.message.content).toContain("get_current_weather said “sunny”");
  });
});
