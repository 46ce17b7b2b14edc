import { describe, expect, it } from "vitest";
import { findApp, getCatalog } from "../../src/common/catalog/index.js";
import { CatalogSchema, catalogProblems } from "../../src/common/catalog/schema.js";
import { PluginIndex } from "../../src/handlers/openai_function/matching/plugin-index.js";
import { readPluginFolder } from "../../src/handlers/openai_function/plugins/folder-source.js";
import reference from "../fixtures/apps-reference.json" with { type: "json" };

function firstApp() {
  const app = getCatalog().apps[0];
  if (!app) throw new Error("catalog has no apps");
  return structuredClone(app);
}

function issuesOf(candidate: unknown) {
  const result = CatalogSchema.safeParse(candidate);
  expect(result.success).toBe(false);
  return result.error?.issues ?? [];
}

describe("catalog/apps.json", () => {
  it("is valid", () => {
    expect(catalogProblems(getCatalog())).toEqual([]);
  });

  it("names what is wrong with an invalid catalog", () => {
    const broken = { apps: [{ ...firstApp(), temperature: 3 }] };
    expect(catalogProblems(broken)).toEqual([expect.stringMatching(/^apps\.0\.temperature: /)]);
  });

  it("lists the apps of the reference table, in order, with their handler and generation settings", () => {
    const actual = getCatalog().apps.map(({ slug, handler, temperature, max_tokens }) => ({
      slug,
      handler,
      temperature,
      max_tokens,
    }));
    expect(actual).toEqual(reference.apps);
    expect(actual).toHaveLength(31);
  });

  it("leaves the model to the default-model setting", () => {
    expect(getCatalog().apps.filter((app) => app.model !== undefined)).toEqual([]);
  });

  it("gives the function-calling app examples for the weather tool and for each shipped plugin", async () => {
    const examples = findApp("openai-function-calling")?.examples ?? [];
    expect(examples.some((example) => /weather in [A-Z]/.test(example))).toBe(true);
    const { plugins } = await readPluginFolder("plugins");
    const index = new PluginIndex(plugins, 3);
    const selected = new Set(
      examples.flatMap((example) => index.select([example]).map((p) => p.plugin.meta_data.plugin_name)),
    );
    expect([...selected].sort()).toEqual(plugins.map((p) => p.plugin.meta_data.plugin_name).sort());
  });
});

describe("findApp", () => {
  it("returns the app for a known slug", () => {
    const app = findApp("default-sql-translate");
    expect(app?.slug).toBe("default-sql-translate");
    expect(app?.handler).toBe("openai_v2");
    expect(findApp("default-marv-sarcastic-chat")?.handler).toBe("langchain");
  });

  it("returns undefined for an unknown slug", () => {
    expect(findApp("no-such-app")).toBeUndefined();
    expect(findApp("")).toBeUndefined();
    expect(findApp("DEFAULT-GRAMMAR")).toBeUndefined();
  });
});

describe("CatalogSchema rejections", () => {
  it("rejects a duplicate slug at the second occurrence", () => {
    const app = firstApp();
    const issues = issuesOf({ apps: [app, { ...app, title: "Copy" }] });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ["apps", 1, "slug"], message: `duplicate slug '${app.slug}'` }),
    );
  });

  it("rejects an unknown key and names it", () => {
    const issues = issuesOf({ apps: [{ ...firstApp(), colour: "blue" }] });
    expect(issues).toContainEqual(
      expect.objectContaining({ code: "unrecognized_keys", path: ["apps", 0], keys: ["colour"] }),
    );
  });

  it("rejects a temperature above 2", () => {
    const issues = issuesOf({ apps: [{ ...firstApp(), temperature: 3 }] });
    expect(issues.map((issue) => issue.path)).toEqual([["apps", 0, "temperature"]]);
  });

  it("rejects a slug that is not lower-case words joined by '-'", () => {
    for (const slug of ["Default-Grammar", "default_grammar", "-grammar", "default--grammar"]) {
      const issues = issuesOf({ apps: [{ ...firstApp(), slug }] });
      expect(issues.map((issue) => issue.path)).toEqual([["apps", 0, "slug"]]);
      expect(issues[0]?.message).toContain("lower-case words");
    }
  });
});
