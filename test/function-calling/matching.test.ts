import { readFileSync } from "node:fs";
import fc from "fast-check";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { PluginIndex } from "../../src/handlers/openai_function/matching/plugin-index.js";
import { userTexts } from "../../src/handlers/openai_function/matching/user-texts.js";
import { camelCaseWords, termWords, tokenize } from "../../src/handlers/openai_function/matching/words.js";
import type { LoadedPlugin } from "../../src/handlers/openai_function/plugins/loaded-plugin.js";
import type { Plugin } from "../../src/handlers/openai_function/plugins/schema.js";
import { naiveSelect } from "./support/naive-matcher.js";
import { EXAMPLE_PLUGINS_DIR, fixturePath, validPlugins } from "./support/plugin-fixtures.js";

interface MatchingCase {
  note: string;
  prompt?: string;
  messages?: ChatCompletionMessageParam[];
  expected: string[];
}

const cases = JSON.parse(readFileSync(fixturePath("matching-cases.json"), "utf8")) as MatchingCase[];
const plugins = [...validPlugins(fixturePath("matching")), ...validPlugins(EXAMPLE_PLUGINS_DIR)];
const index = new PluginIndex(plugins, 3);

function messagesOf(row: MatchingCase): ChatCompletionMessageParam[] {
  return row.messages ?? [{ role: "user", content: row.prompt ?? "" }];
}

describe("words", () => {
  it.each([
    ["FullStackWithLawrence", ["full", "stack", "with", "lawrence"]],
    ["McDaniel", ["mc", "daniel"]],
    ["HTTPServer", ["http", "server"]],
    ["iPhone", ["i", "phone"]],
    ["plain", ["plain"]],
  ])("splits camel case: %s", (token, words) => {
    expect(camelCaseWords(token)).toEqual(words);
  });

  it("drops punctuation and marks capitalised tokens", () => {
    expect(tokenize("Hi, Trailhead-Outfitters!")).toEqual([
      { compact: "hi", words: ["hi"], capitalised: true },
      { compact: "trailhead", words: ["trailhead"], capitalised: true },
      { compact: "outfitters", words: ["outfitters"], capitalised: true },
    ]);
    expect(termWords("Full Stack With Lawrence")).toEqual(["full", "stack", "with", "lawrence"]);
  });
});

describe("plugin matching", () => {
  it("has a table of at least 30 prompts", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((row) => [row.note, row] as const))("%s", (_note, row) => {
    const selected = index.select(userTexts(messagesOf(row)));
    expect(selected.map(({ plugin }) => plugin.meta_data.plugin_name)).toEqual(row.expected);
    expect(naiveSelect(plugins, userTexts(messagesOf(row)), 3)).toEqual(new Set(row.expected));
  });

  it("selects always_load plugins for every prompt, after the mentioned ones", () => {
    const withAlways = new PluginIndex([...plugins, ...validPlugins(fixturePath("always"))], 3);
    const names = (prompt: string) =>
      withAlways.select([prompt]).map(({ plugin }) => plugin.meta_data.plugin_name);
    expect(names("hello")).toEqual(["HouseStyle"]);
    expect(names("a Gobstopper please")).toEqual(["CandyWorks", "HouseStyle"]);
  });

  it("reports the newest user message mentioning each plugin", () => {
    const selected = index.select(["NimbusNotes", "a gobstopper", "NimbusNotes again"]);
    expect(selected.map(({ plugin, mentionedIn }) => [plugin.meta_data.plugin_name, mentionedIn])).toEqual([
      ["NimbusNotes", 2],
      ["CandyWorks", 1],
    ]);
  });

  it("turns fuzzy matching off at threshold 0", () => {
    const exact = new PluginIndex(plugins, 0);
    expect(exact.select(["Do you sell the Gobstoper?"])).toEqual([]);
    expect(exact.select(["Do you sell the Gobstopper?"])).toHaveLength(1);
  });
});

const VOCABULARY = [
  "alpha",
  "bravo",
  "charlie",
  "delta",
  "echo",
  "foxtrot",
  "golf",
  "hotel",
  "lima",
  "november",
];

function arbitraryTerm() {
  return fc
    .array(fc.constantFrom(...VOCABULARY), { minLength: 1, maxLength: 3 })
    .map((words) => words.map((w, i) => (i > 0 ? w[0]?.toUpperCase() + w.slice(1) : w)).join(" "));
}

function arbitraryPlugin(id: number) {
  return fc
    .record({
      strings: fc.array(arbitraryTerm(), { maxLength: 4 }),
      pairs: fc.array(fc.tuple(arbitraryTerm(), arbitraryTerm()), { maxLength: 2 }),
    })
    .map(
      ({ strings, pairs }): LoadedPlugin => ({
        source: `p${id}.yaml`,
        plugin: {
          meta_data: {
            plugin_name: `P${id}`,
            plugin_description: "d",
            plugin_version: "0.1.0",
            plugin_author: "a",
          },
          selector: { directive: "search_terms", search_terms: { strings, pairs } },
          prompting: { system_prompt: "s" },
          function_calling: { function_description: "f", additional_information: { k: 1 } },
        } satisfies Plugin,
      }),
    );
}

/** A prompt word: a vocabulary word as is, capitalised, glued to the next in camel case, or misspelt. */
function arbitraryPromptWord() {
  return fc.oneof(
    fc.constantFrom(...VOCABULARY),
    fc.constantFrom(...VOCABULARY).map((w) => w.toUpperCase()),
    fc
      .tuple(fc.constantFrom(...VOCABULARY), fc.constantFrom(...VOCABULARY))
      .map(([a, b]) => `${a[0]?.toUpperCase()}${a.slice(1)}${b[0]?.toUpperCase()}${b.slice(1)}`),
    fc
      .tuple(
        fc.constantFrom(...VOCABULARY, "alphabravo", "charliedelta"),
        fc.nat(),
        fc.constantFrom(..."aeioux"),
      )
      .map(([w, at, c]) => {
        const i = 1 + (at % (w.length - 1));
        return `${w[0]?.toUpperCase()}${w.slice(1, i)}${c}${w.slice(i + 1)}`;
      }),
    fc.constantFrom("the", "?", "a-b", "and,", "Zulu"),
  );
}

describe("the compiled index", () => {
  it("selects exactly what checking every term against every message selects", () => {
    fc.assert(
      fc.property(
        fc.tuple(...[0, 1, 2, 3, 4].map(arbitraryPlugin)),
        fc.array(
          fc.array(arbitraryPromptWord(), { maxLength: 8 }).map((words) => words.join(" ")),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        fc.integer({ min: 0, max: 3 }),
        (generated, messages, threshold) => {
          const compiled = new PluginIndex(generated, threshold);
          const names = new Set(compiled.select(messages).map(({ plugin }) => plugin.meta_data.plugin_name));
          expect(names).toEqual(naiveSelect(generated, messages, threshold));
        },
      ),
      { numRuns: 300 },
    );
  });
});
