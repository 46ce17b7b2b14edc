import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readPluginFolder } from "../../src/handlers/openai_function/plugins/folder-source.js";
import {
  PACKAGED_PLUGINS_FILE,
  packagedPluginsJson,
} from "../../src/handlers/openai_function/plugins/packaged-plugins.js";
import { createPluginStore, PluginStore } from "../../src/handlers/openai_function/plugins/plugin-store.js";
import { type PluginObjects, S3PluginSource } from "../../src/handlers/openai_function/plugins/s3-source.js";
import { createLogger } from "../../src/services/logger.js";
import { emptyDir, testSettings } from "../support/settings.js";
import { type LocalS3, localS3ReadClient, startLocalS3 } from "./support/local-s3.js";
import { EXAMPLE_PLUGINS_DIR, fixturePath, validPlugins } from "./support/plugin-fixtures.js";

const MIXED = fixturePath("mixed");
const nimbus = readFileSync(join(EXAMPLE_PLUGINS_DIR, "nimbus-notes.yaml"), "utf8");
const harbor = readFileSync(join(MIXED, "harbor-ferry.yaml"), "utf8");
const broken = readFileSync(fixturePath("broken", "strings-not-a-list.yaml"), "utf8");
const logger = createLogger({ LOG_LEVEL: "SILENT", DEBUG_MODE: false });

function names(set: Awaited<ReturnType<PluginStore["current"]>>): string[] {
  return set.index.plugins.map(({ plugin }) => plugin.meta_data.plugin_name).sort();
}

function selectedBy(set: Awaited<ReturnType<PluginStore["current"]>>, prompt: string): string[] {
  return set.index.select([prompt]).map(({ plugin }) => plugin.meta_data.plugin_name);
}

function warnings(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map(([line]) => String(line));
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("plugin folder", () => {
  it("loads the good files and names each bad one with what is wrong", async () => {
    const load = await readPluginFolder(MIXED);
    expect(load.plugins.map(({ plugin }) => plugin.meta_data.plugin_name)).toEqual([
      "QuietPagesBookClub",
      "HarborFerry",
    ]);
    expect(load.problems).toEqual([
      {
        source: expect.stringMatching(/mixed\/ferry-broken\.yaml$/),
        problem: "selector.search_terms.strings: expected array, received string",
      },
      {
        source: expect.stringMatching(/mixed\/notes\.txt$/),
        problem: "not a plugin file: plugins are .yaml or .yml files",
      },
    ]);
  });

  it("reads the packaged plugins of the Lambda layer next to YAML files", async () => {
    const folder = emptyDir();
    writeFileSync(
      join(folder, PACKAGED_PLUGINS_FILE),
      packagedPluginsJson(validPlugins(EXAMPLE_PLUGINS_DIR)),
    );
    copyFileSync(join(MIXED, "harbor-ferry.yaml"), join(folder, "harbor-ferry.yaml"));
    const load = await readPluginFolder(folder);
    expect(load.plugins.map(({ plugin, source }) => [plugin.meta_data.plugin_name, source])).toEqual([
      ["HarborFerry", join(folder, "harbor-ferry.yaml")],
      ["NimbusNotes", "nimbus-notes.yaml"],
      ["TrailheadOutfitters", "trailhead-outfitters.yaml"],
    ]);
    expect(load.problems).toEqual([]);
  });

  it("refuses a packaged plugins file of another format or plugin schema version, or not JSON", async () => {
    const folder = emptyDir();
    const file = join(folder, PACKAGED_PLUGINS_FILE);
    const refusal = {
      source: file,
      problem: "not a packaged plugins file of format 1 for plugin schema 0.1.0",
    };
    const packaged = JSON.parse(packagedPluginsJson(validPlugins(EXAMPLE_PLUGINS_DIR)));
    for (const changed of [
      { ...packaged, format: 2 },
      { ...packaged, plugin_schema_version: "0.0.9" },
    ]) {
      writeFileSync(file, JSON.stringify(changed));
      expect(await readPluginFolder(folder)).toMatchObject({ plugins: [], problems: [refusal] });
    }
    writeFileSync(file, '{"format": 1, "plugins": [');
    expect(await readPluginFolder(folder)).toMatchObject({ plugins: [], problems: [refusal] });
  });

  it("tolerates a missing folder", async () => {
    const warn = vi.spyOn(logger, "warn");
    const store = new PluginStore({
      logger,
      folder: join(emptyDir(), "nowhere"),
      ttlMs: 0,
      fuzzyThreshold: 3,
    });
    const set = await store.current();
    expect(names(set)).toEqual([]);
    expect(warnings(warn)).toContainEqual(
      expect.stringMatching(/^No plugin folder at .*nowhere: no bundled plugins$/),
    );
  });

  it("refuses a second plugin of the same name", async () => {
    const folder = emptyDir();
    copyFileSync(join(MIXED, "harbor-ferry.yaml"), join(folder, "a.yaml"));
    copyFileSync(join(MIXED, "harbor-ferry.yaml"), join(folder, "b.yml"));
    const set = await new PluginStore({ logger, folder, ttlMs: 0, fuzzyThreshold: 3 }).current();
    expect(names(set)).toEqual(["HarborFerry"]);
    expect(set.problems).toEqual([
      {
        source: join(folder, "b.yml"),
        problem: `meta_data.plugin_name: 'HarborFerry' is already used by ${join(folder, "a.yaml")}`,
      },
    ]);
  });

  it("logs each bad file once, not at every revalidation", async () => {
    const warn = vi.spyOn(logger, "warn");
    const uploads = { load: async () => ({ plugins: [], problems: [], changed: true }) };
    const store = new PluginStore({ logger, folder: MIXED, uploads, ttlMs: 0, fuzzyThreshold: 3 });
    await store.current();
    await store.current();
    const lines = warnings(warn);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^Plugin file refused: .*ferry-broken\.yaml: selector\.search_terms\.strings: expected array/,
    );
    expect(lines[1]).toMatch(/^Plugin file refused: .*notes\.txt: not a plugin file/);
  });
});

describe("plugins in S3 (s3rver on loopback)", () => {
  let s3: LocalS3;
  let client: PluginObjects;
  let gets = 0;

  beforeAll(async () => {
    s3 = await startLocalS3();
    const reader = localS3ReadClient(s3.endpoint);
    client = {
      listObjectsPage: (bucket, prefix, token) => reader.listObjectsPage(bucket, prefix, token),
      getObjectText: (bucket, key) => {
        gets += 1;
        return reader.getObjectText(bucket, key);
      },
    };
  });
  afterAll(async () => {
    await s3.stop();
  });

  it("loads the prefix, revalidates by ETag after the TTL and picks up changes", async () => {
    await s3.put("plugins/nimbus-notes.yaml", nimbus);
    await s3.put("plugins/broken.yaml", broken);
    await s3.put("plugins/readme.md", "# not a plugin");
    await s3.put("elsewhere/harbor-ferry.yaml", harbor);
    let now = 1_000_000;
    const uploads = new S3PluginSource(client, s3.bucket, "plugins/");
    const store = new PluginStore({
      logger,
      folder: join(emptyDir(), "none"),
      uploads,
      ttlMs: 60_000,
      fuzzyThreshold: 3,
      now: () => now,
    });

    const first = await store.current();
    expect(names(first)).toEqual(["NimbusNotes"]);
    expect(first.problems).toEqual([
      {
        source: `s3://${s3.bucket}/plugins/broken.yaml`,
        problem: "selector.search_terms.strings: expected array, received string",
      },
      {
        source: `s3://${s3.bucket}/plugins/readme.md`,
        problem: "not a plugin file: plugins are .yaml or .yml files",
      },
    ]);
    expect(gets).toBe(2);

    await s3.put(
      "plugins/nimbus-notes.yaml",
      nimbus.replace("      - Nimbus Notes\n", "      - Nimbus Notes\n      - CloudJotter\n"),
    );
    now += 59_000;
    expect(selectedBy(await store.current(), "Is CloudJotter free?")).toEqual([]);
    expect(gets).toBe(2);

    now += 2_000;
    const changed = await store.current();
    expect(selectedBy(changed, "Is CloudJotter free?")).toEqual(["NimbusNotes"]);
    expect(gets).toBe(3);

    now += 61_000;
    expect(await store.current()).toBe(changed);
    expect(gets).toBe(3);

    await s3.remove("plugins/nimbus-notes.yaml");
    now += 61_000;
    expect(names(await store.current())).toEqual([]);
  });

  it("lets an S3 plugin replace the bundled plugin of the same name", async () => {
    await s3.put(
      "override/harbor-ferry.yaml",
      harbor.replace("[Harbor Ferry, HarborFerry]", "[Harbor Ferry, HarborFerry, Water Taxi]"),
    );
    const uploads = new S3PluginSource(client, s3.bucket, "override/");
    const set = await new PluginStore({
      logger,
      folder: MIXED,
      uploads,
      ttlMs: 60_000,
      fuzzyThreshold: 3,
    }).current();
    expect(names(set)).toEqual(["HarborFerry", "QuietPagesBookClub"]);
    expect(selectedBy(set, "is the water taxi running?")).toEqual(["HarborFerry"]);
  });

  it("takes Terraform's S3 copies of the packaged plugins from the layer, downloading only what differs", async () => {
    const folder = emptyDir();
    const packaged = (await readPluginFolder(EXAMPLE_PLUGINS_DIR)).plugins;
    writeFileSync(join(folder, PACKAGED_PLUGINS_FILE), packagedPluginsJson(packaged));
    const trailhead = readFileSync(join(EXAMPLE_PLUGINS_DIR, "trailhead-outfitters.yaml"), "utf8");
    await s3.put("copies/nimbus-notes.yaml", nimbus);
    await s3.put(
      "copies/trailhead-outfitters.yaml",
      trailhead.replace("      - Trailhead store\n", "      - Summit Shop\n"),
    );
    await s3.put("copies/same-text-wrong-name.txt", nimbus);
    const info = vi.spyOn(logger, "info");
    const before = gets;
    const store = new PluginStore({
      logger,
      folder,
      uploads: new S3PluginSource(client, s3.bucket, "copies/"),
      ttlMs: 60_000,
      fuzzyThreshold: 3,
    });
    const set = await store.current();
    expect(gets - before).toBe(1);
    expect(names(set)).toEqual(["NimbusNotes", "TrailheadOutfitters"]);
    expect(selectedBy(set, "Is the Summit Shop open?")).toEqual(["TrailheadOutfitters"]);
    expect(set.problems).toEqual([
      {
        source: `s3://${s3.bucket}/copies/same-text-wrong-name.txt`,
        problem: "not a plugin file: plugins are .yaml or .yml files",
      },
    ]);
    expect(warnings(info)).toEqual([
      `Plugin NimbusNotes from s3://${s3.bucket}/copies/nimbus-notes.yaml replaces the bundled plugins/nimbus-notes.yaml`,
      `Plugin TrailheadOutfitters from s3://${s3.bucket}/copies/trailhead-outfitters.yaml replaces the bundled plugins/trailhead-outfitters.yaml`,
    ]);
  });

  it("keeps serving the bundled plugins when S3 cannot be read", async () => {
    const error = vi.spyOn(logger, "error");
    const uploads = new S3PluginSource(client, "no-such-bucket", "plugins/");
    const set = await new PluginStore({
      logger,
      folder: MIXED,
      uploads,
      ttlMs: 60_000,
      fuzzyThreshold: 3,
    }).current();
    expect(names(set)).toEqual(["HarborFerry", "QuietPagesBookClub"]);
    expect(warnings(error)).toEqual(["Cannot read plugins from S3; the plugins loaded before stay in use"]);
  });

  it("says which credentials are missing, and serves the bundled plugins meanwhile", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "");
    const error = vi.spyOn(logger, "error");
    const { settings } = testSettings({
      PLUGINS_DIR: MIXED,
      PLUGINS_S3_BUCKET: s3.bucket,
      PLUGINS_S3_ENDPOINT: s3.endpoint,
    });
    const set = await createPluginStore(settings, logger).current();
    expect(names(set)).toEqual(["HarborFerry", "QuietPagesBookClub"]);
    expect(error.mock.calls[0]?.[1]).toMatchObject({
      error: expect.objectContaining({
        message: expect.stringMatching(/^no AWS credentials in the environment .*unset PLUGINS_S3_BUCKET$/),
      }),
    });
  });

  it("is configured by the settings: bucket, prefix, endpoint and TTL", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "S3RVER");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "S3RVER");
    await s3.put("from-settings/nimbus-notes.yaml", nimbus);
    const { settings } = testSettings({
      PLUGINS_DIR: MIXED,
      PLUGINS_S3_BUCKET: s3.bucket,
      PLUGINS_S3_PREFIX: "from-settings/",
      PLUGINS_S3_ENDPOINT: s3.endpoint,
      PLUGINS_CACHE_TTL_SECONDS: "0",
    });
    const store = createPluginStore(settings, logger);
    expect(names(await store.current())).toEqual(["HarborFerry", "NimbusNotes", "QuietPagesBookClub"]);
    await s3.remove("from-settings/nimbus-notes.yaml");
    expect(names(await store.current())).toEqual(["HarborFerry", "QuietPagesBookClub"]);
  });
});
