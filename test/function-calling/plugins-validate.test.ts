import { execFile } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { validatePluginFolder } from "../../src/handlers/openai_function/plugins/validate-folder.js";
import { emptyDir } from "../support/settings.js";
import { EXAMPLE_PLUGINS_DIR, fixturePath } from "./support/plugin-fixtures.js";

const run = promisify(execFile);

/** Runs `scripts/plugins-validate.ts` as `npm run plugins:validate` does (tsx), for its output and exit code. */
async function validateCommand(folder: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [
      "--import",
      "tsx",
      "scripts/plugins-validate.ts",
      folder,
    ]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe("plugins:validate", () => {
  it("prints one line per file and a summary", async () => {
    const report = await validatePluginFolder(fixturePath("mixed"));
    expect(report.ok).toBe(false);
    expect(report.lines.map((line) => line.replace(/ \S*fixtures\/plugins\/mixed\//, " "))).toEqual([
      "OK   book-club.yaml (QuietPagesBookClub)",
      "FAIL ferry-broken.yaml: selector.search_terms.strings: expected array, received string",
      "OK   harbor-ferry.yaml (HarborFerry)",
      "FAIL notes.txt: not a plugin file: plugins are .yaml or .yml files",
      "2 valid, 2 invalid",
    ]);
  });

  it("fails on two plugins of the same name and on a missing folder", async () => {
    const folder = emptyDir();
    copyFileSync(fixturePath("mixed", "harbor-ferry.yaml"), join(folder, "one.yaml"));
    copyFileSync(fixturePath("mixed", "harbor-ferry.yaml"), join(folder, "two.yaml"));
    const duplicate = await validatePluginFolder(folder);
    expect(duplicate.ok).toBe(false);
    expect(duplicate.lines[1]).toBe(
      `FAIL ${join(folder, "two.yaml")}: meta_data.plugin_name: 'HarborFerry' is already used by ${join(folder, "one.yaml")}`,
    );
    const missing = await validatePluginFolder(join(folder, "nothing-here"));
    expect(missing).toEqual({
      lines: [`FAIL ${join(folder, "nothing-here")}: no such folder`],
      ok: false,
      plugins: [],
    });
  });

  it("passes an empty folder", async () => {
    const folder = emptyDir();
    writeFileSync(join(folder, ".gitkeep"), "");
    expect(await validatePluginFolder(folder)).toEqual({
      lines: [`no plugin files in ${folder}`],
      ok: true,
      plugins: [],
    });
  });

  it("exits 0 for the example plugins and 1 for a folder with a bad file", async () => {
    const [good, bad] = await Promise.all([
      validateCommand(EXAMPLE_PLUGINS_DIR),
      validateCommand(fixturePath("mixed")),
    ]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(
      /^OK {3}.*nimbus-notes\.yaml \(NimbusNotes\)\nOK {3}.*trailhead-outfitters\.yaml \(TrailheadOutfitters\)\n2 valid, 0 invalid\n$/,
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("2 valid, 2 invalid");
  });
});
