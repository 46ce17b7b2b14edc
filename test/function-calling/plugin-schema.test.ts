import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parsePluginText } from "../../src/handlers/openai_function/plugins/parse-plugin.js";
import { MAX_PLUGIN_BYTES } from "../../src/handlers/openai_function/plugins/plugin-value.js";
import { EXAMPLE_PLUGINS_DIR, fixturePath } from "./support/plugin-fixtures.js";

/** Each broken fixture, and the start of the problem reported for it: the field path, then what is wrong. */
const BROKEN: Record<string, string> = {
  "strings-not-a-list": "selector.search_terms.strings: expected array",
  "unknown-top-level-key": '(top level): Unrecognized key: "extras"',
  "unknown-meta-key": 'meta_data: Unrecognized key: "plugin_colour"',
  "missing-prompting": "prompting: is required",
  "pair-of-three": "selector.search_terms.pairs.0: expected a pair of two strings",
  "pair-with-number": "selector.search_terms.pairs.1.1: expected a string",
  "additional-information-list": "function_calling.additional_information: expected a map",
  "unknown-directive": "selector.directive: Invalid option",
  "wrong-version": "meta_data.plugin_version: expected 0.1.0",
  "name-with-spaces": "meta_data.plugin_name: expected 1-48 letters or digits",
  "temperature-too-high": "prompting.temperature: Too big",
  "max-tokens-fraction": "prompting.max_tokens: expected int",
  "punctuation-only-term": "selector.search_terms.strings.1: must contain a letter or a digit",
  "no-terms": "selector.search_terms: needs at least one string or pair",
  "search-terms-missing": "selector.search_terms: required by directive search_terms",
  "empty-additional-information": "function_calling.additional_information: needs at least one key",
  "missing-function-description": "function_calling.function_description: is required",
  "yaml-syntax-error": "yaml: Flow sequence",
  "custom-tag": "yaml: Unresolved tag: tag:yaml.org,2002:js/function",
  "local-tag": "yaml: Unresolved tag: !env",
  "alias-bomb": "yaml: Excessive alias count",
  "two-documents": "yaml: a plugin file holds exactly one YAML document",
  "top-level-list": "(top level): expected a map",
  "duplicate-key": "yaml: Map keys must be unique at line 6",
};

function problemOf(text: string): string | undefined {
  const result = parsePluginText(text);
  return result.ok ? undefined : result.problem;
}

describe("plugin schema", () => {
  it.each(readdirSync(EXAMPLE_PLUGINS_DIR).filter((name) => name.endsWith(".yaml")))(
    "accepts the example plugin %s",
    (name) => {
      const result = parsePluginText(readFileSync(`${EXAMPLE_PLUGINS_DIR}/${name}`, "utf8"));
      expect(result.ok ? result.plugin.meta_data.plugin_version : result.problem).toBe("0.1.0");
    },
  );

  it("has an expectation for every broken fixture, and at least 12 of them", () => {
    const files = readdirSync(fixturePath("broken")).map((name) => name.replace(/\.yaml$/, ""));
    expect(files.sort()).toEqual(Object.keys(BROKEN).sort());
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(Object.entries(BROKEN))("refuses %s with the field path", (name, expected) => {
    const problem = problemOf(readFileSync(fixturePath("broken", `${name}.yaml`), "utf8"));
    expect(problem?.startsWith(expected), `${name}: ${problem}`).toBe(true);
  });

  it("refuses a file over the size limit before parsing it", () => {
    const valid = readFileSync(fixturePath("mixed", "harbor-ferry.yaml"), "utf8");
    const padded = `${valid}# ${"x".repeat(MAX_PLUGIN_BYTES)}\n`;
    expect(problemOf(padded)).toMatch(/^file is \d+ bytes; plugins may be at most 262144$/);
  });

  it("keeps optional prompting overrides and a default of no pairs", () => {
    const text = readFileSync(fixturePath("mixed", "book-club.yaml"), "utf8");
    const result = parsePluginText(text);
    expect(result.ok && result.plugin.prompting).toEqual({
      system_prompt: "You also answer questions about the Quiet Pages book club.",
      model: "offline-book-club-model",
    });
    const withoutPairs = parsePluginText(text.replace("    pairs:\n      - [book, club]\n", ""));
    expect(withoutPairs.ok && withoutPairs.plugin.selector.search_terms?.pairs).toEqual([]);
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const result = parsePluginText(text);
        expect(typeof (result.ok ? result.plugin : result.problem)).toBe(result.ok ? "object" : "string");
      }),
    );
  });

  it("never throws on any YAML value, and refuses values that lack the four sections", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const result = parsePluginText(stringify(value));
        expect(result.ok).toBe(false);
      }),
    );
  });
});
