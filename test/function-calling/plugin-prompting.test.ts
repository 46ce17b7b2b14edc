import { describe, expect, it } from "vitest";
import type { ChatInput } from "../../src/common/chat/chat-input.js";
import type { SelectedPlugin } from "../../src/handlers/openai_function/matching/plugin-index.js";
import { withPlugins } from "../../src/handlers/openai_function/plugin-prompting.js";
import { PluginInfoTools } from "../../src/handlers/openai_function/tools/plugin-info-tool.js";
import { pluginToolName, pluginTools } from "../../src/handlers/openai_function/tools/toolbox.js";
import { fixturePath, validPlugins } from "./support/plugin-fixtures.js";

const [candy, lawrence] = validPlugins(fixturePath("matching"));
const [house] = validPlugins(fixturePath("always"));

function selected(loaded: typeof candy, mentionedIn: number | undefined): SelectedPlugin {
  if (!loaded) throw new Error("fixture plugin missing");
  return { ...loaded, mentionedIn };
}

const input: ChatInput = {
  model: "app-model",
  temperature: 0.7,
  max_tokens: 100,
  messages: [
    { role: "system", content: "You are the app." },
    { role: "user", content: "hi" },
  ],
  params: {},
};

describe("withPlugins", () => {
  it("leaves the request alone when nothing is selected", () => {
    expect(withPlugins(input, [])).toEqual(input);
  });

  it("takes each override from the first plugin (newest mention) that sets it", () => {
    const prepared = withPlugins(input, [
      selected(candy, 2),
      selected(lawrence, 0),
      selected(house, undefined),
    ]);
    expect([prepared.model, prepared.temperature, prepared.max_tokens]).toEqual([
      "offline-profile-model",
      1.2,
      300,
    ]);
    expect(prepared.messages[0]).toEqual({
      role: "system",
      content:
        "You are the app.\n\nYou also answer questions about CandyWorks sweets.\n\nYou also answer questions about Lawrence McDaniel's public profile.\n\nAnswer in British English.",
    });
  });

  it("lets a mentioned plugin refine an always_load plugin, not the other way round", () => {
    const prepared = withPlugins(input, [selected(candy, 0), selected(house, undefined)]);
    expect([prepared.model, prepared.temperature]).toEqual(["offline-house-style-model", 1.2]);
  });

  it("adds a system message when the request has none", () => {
    const prepared = withPlugins({ ...input, messages: [{ role: "user", content: "hi" }] }, [
      selected(candy, 0),
    ]);
    expect(prepared.messages).toEqual([
      { role: "system", content: "You also answer questions about CandyWorks sweets." },
      { role: "user", content: "hi" },
    ]);
  });
});

describe("plugin tool names", () => {
  it("derives a unique, valid name from the plugin name", () => {
    expect(pluginToolName("TrailheadOutfitters", new Set())).toBe("get_trailhead_outfitters_info");
    expect(pluginToolName("AbTest", new Set(["get_ab_test_info"]))).toBe("get_ab_test_info_2");
    const long = pluginToolName(
      "A".repeat(48).replace(/A/g, (_, i) => (i % 2 ? "b" : "A")),
      new Set(),
    );
    expect(long).toMatch(/^[a-z_]{1,64}$/);
    expect(long.endsWith("_info")).toBe(true);
  });

  it("names tools in plugin-name order, whatever the selection order", () => {
    const abTest = structuredClone(candy?.plugin);
    const aBTest = structuredClone(candy?.plugin);
    if (!abTest || !aBTest) throw new Error("fixture plugin missing");
    abTest.meta_data.plugin_name = "AbTest";
    aBTest.meta_data.plugin_name = "ABTest";
    abTest.function_calling.function_description = "tool of AbTest";
    aBTest.function_calling.function_description = "tool of ABTest";
    const names = (plugins: (typeof abTest)[]) =>
      pluginTools(plugins, new Set(), new PluginInfoTools([abTest, aBTest])).map((tool) => [
        tool.definition.function.name,
        tool.definition.function.description,
      ]);
    expect(names([abTest, aBTest])).toEqual(names([aBTest, abTest]));
    expect(new Set(names([abTest, aBTest]).map(([name]) => name))).toEqual(
      new Set(["get_ab_test_info", "get_ab_test_info_2"]),
    );
  });
});

describe("a plugin set's information tools", () => {
  const plugin = candy?.plugin;
  if (!plugin) throw new Error("fixture plugin missing");
  const tools = new PluginInfoTools([plugin]);
  const topics = Object.keys(plugin.function_calling.additional_information);
  const [topic = ""] = topics;

  it("answers a known topic with its information, from a tool made for any name", async () => {
    for (const name of ["get_a_info", "get_a_info_2"]) {
      const tool = tools.tool(plugin, name);
      expect(tool.definition.function.name).toBe(name);
      expect(tool.definition.function.parameters).toMatchObject({ properties: { topic: { enum: topics } } });
      expect(await tool.run({ topic })).toEqual({
        plugin: plugin.meta_data.plugin_name,
        topic,
        information: plugin.function_calling.additional_information[topic],
      });
    }
  });

  it("refuses a topic the plugin does not have, naming the argument", async () => {
    await expect(tools.tool(plugin, "get_a_info").run({ topic: "nothing-like-it" })).rejects.toThrow(
      /^Invalid arguments: topic: /,
    );
    await expect(tools.tool(plugin, "get_a_info").run({})).rejects.toThrow(/^Invalid arguments: topic: /);
  });

  it("has no tool for a plugin outside the set", () => {
    const other = lawrence?.plugin;
    if (!other) throw new Error("fixture plugin missing");
    expect(() => tools.tool(other, "get_b_info")).toThrow(/is not a plugin of this set$/);
  });
});
