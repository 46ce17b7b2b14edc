import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  README_PATH,
  renderSettingsTable,
  settingDescription,
  withSettingsTable,
} from "../../scripts/settings-table.js";
import { SETTING_NAMES } from "../../src/common/settings/schema.js";

describe("README settings table", () => {
  it("every setting in the schema has a one-line description", () => {
    const undescribed = SETTING_NAMES.filter((name) => !/^[^\r\n]+$/.test(settingDescription(name) ?? ""));
    expect(
      undescribed,
      "give these settings metadata with a description (z.globalRegistry) in src/common/settings",
    ).toEqual([]);
  });

  it("has one row per setting, in schema order", () => {
    const rows = renderSettingsTable().split("\n").slice(2);
    expect(rows.map((row) => /^\| `(\w+)`/.exec(row)?.[1])).toEqual(SETTING_NAMES);
  });

  it("README.md holds the table generated from the schema", () => {
    const readme = readFileSync(README_PATH, "utf8");
    expect(readme, "README.md's settings table is out of date: run `npm run docs:settings`").toBe(
      withSettingsTable(readme),
    );
  });
});
