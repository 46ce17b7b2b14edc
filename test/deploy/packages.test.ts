import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parse } from "@cdktf/hcl2json";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENAPI_BEARER_KEYS_TEMPLATE_FILE, OPENAPI_TEMPLATE_FILE } from "../../scripts/openapi-aws.js";
import {
  AUTHORIZER_HANDLER,
  handlerNames,
  type Manifest,
  packageAll,
  streamingHandlerNames,
} from "../../scripts/package.js";
import {
  bundleHandler,
  CHUNK_DIR,
  startupInputs,
  unexpectedExternals,
} from "../../scripts/package-bundle.js";
import { readZipEntries } from "../../scripts/package-lambda-layout.js";
import { LAYERS, PLUGINS_LAYER_DIR } from "../../scripts/package-layers.js";
import { MEMORY_KEYS } from "../../src/common/memory/table.js";
import { readPluginFolder } from "../../src/handlers/openai_function/plugins/folder-source.js";
import { PACKAGED_PLUGINS_FILE } from "../../src/handlers/openai_function/plugins/packaged-plugins.js";
import { EXAMPLE_PLUGINS_DIR, fixturePath } from "../function-calling/support/plugin-fixtures.js";

describe("npm run package", () => {
  const dirs: string[] = [];
  let first: Manifest;
  let firstDir: string;
  let secondDir: string;

  beforeAll(async () => {
    firstDir = await mkdtemp(join(tmpdir(), "package-a-"));
    secondDir = await mkdtemp(join(tmpdir(), "package-b-"));
    dirs.push(firstDir, secondDir);
    first = await packageAll(firstDir);
    await packageAll(secondDir);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("gives byte-identical zips from the same sources", async () => {
    const zips = [
      ...Object.values(first.functions).map((fn) => fn.zip),
      ...Object.values(first.layers).map((layer) => layer.zip),
      OPENAPI_TEMPLATE_FILE,
      OPENAPI_BEARER_KEYS_TEMPLATE_FILE,
    ];
    expect(zips.length).toBeGreaterThan(2);
    for (const zip of zips) {
      const [a, b] = await Promise.all([readFile(join(firstDir, zip)), readFile(join(secondDir, zip))]);
      expect(a.equals(b), zip).toBe(true);
    }
  });

  it("puts index.mjs, its source map and licences at each function zip's root, the chunks it loads under chunks/, nothing else", async () => {
    for (const [name, fn] of Object.entries(first.functions)) {
      const names = (await readZipEntries(join(firstDir, fn.zip))).map((entry) => entry.fileName);
      // The authorizer bundles no third-party code, so it has no licences to carry.
      expect(
        names.filter((entry) => !entry.startsWith(`${CHUNK_DIR}/`)),
        name,
      ).toEqual(
        name === AUTHORIZER_HANDLER
          ? ["index.mjs", "index.mjs.map"]
          : ["index.mjs", "index.mjs.LEGAL.txt", "index.mjs.map"],
      );
      const chunks = names.filter((entry) => entry.endsWith(".mjs") && entry !== "index.mjs");
      for (const entry of names.filter((entry) => entry.startsWith(`${CHUNK_DIR}/`)))
        expect(entry, fn.zip).toMatch(/^chunks\/[\w-]+-[A-Z0-9]{8}\.mjs(\.map|\.LEGAL\.txt)?$/);
      for (const chunk of chunks) expect(names, fn.zip).toContain(`${chunk}.map`);
    }
  });

  it("lays the plugins layer out under nodejs/", async () => {
    const layer = first.layers.plugins;
    expect(layer).toBeDefined();
    const entries = await readZipEntries(join(firstDir, layer?.zip ?? ""));
    expect(entries.map((entry) => entry.fileName)).toEqual([`${PLUGINS_LAYER_DIR}/${PACKAGED_PLUGINS_FILE}`]);
    expect(first.functions.openai_function?.layers ?? ["plugins"]).toEqual(["plugins"]);
  });

  it("ships the repository's plugins parsed, read back as the YAML files read, named by those files", async () => {
    const [entry] = (await LAYERS.plugins?.entries(join(EXAMPLE_PLUGINS_DIR, ".."))) ?? [];
    const layerDir = await mkdtemp(join(tmpdir(), "layer-plugins-"));
    dirs.push(layerDir);
    await writeFile(join(layerDir, PACKAGED_PLUGINS_FILE), entry?.data ?? "");
    const load = await readPluginFolder(layerDir);
    expect(load.problems).toEqual([]);
    const fromYaml = await readPluginFolder(EXAMPLE_PLUGINS_DIR);
    expect(load.plugins).toEqual(
      fromYaml.plugins.map((loaded) => ({ ...loaded, source: `plugins/${basename(loaded.source)}` })),
    );
    expect(load.plugins.map(({ md5 }) => md5)).toEqual(
      readdirSync(EXAMPLE_PLUGINS_DIR)
        .sort()
        .map((name) =>
          createHash("md5")
            .update(readFileSync(join(EXAMPLE_PLUGINS_DIR, name)))
            .digest("hex"),
        ),
    );
  });

  it("refuses to package a plugin that plugins:validate refuses", async () => {
    const root = await mkdtemp(join(tmpdir(), "package-root-"));
    dirs.push(root);
    mkdirSync(join(root, "plugins"));
    copyFileSync(fixturePath("broken", "wrong-version.yaml"), join(root, "plugins", "wrong-version.yaml"));
    await expect(LAYERS.plugins?.entries(root)).rejects.toThrow(
      /^invalid plugins, not packaged:\n {2}FAIL .*wrong-version\.yaml: meta_data\.plugin_version: expected 0\.1\.0/,
    );
  });

  it("packages the chat handlers and the OpenAI door from their response-streaming entry", () => {
    expect(streamingHandlerNames()).toEqual(["langchain", "openai_compat", "openai_function", "openai_v2"]);
  });

  it("records each zip's size in the manifest", async () => {
    for (const fn of Object.values(first.functions)) {
      expect(fn.zipBytes).toBe((await readFile(join(firstDir, fn.zip))).length);
      expect(fn.unpackedBytes).toBeGreaterThan(fn.zipBytes);
    }
  });
});

describe("what a bundle may leave to the runtime", () => {
  const metafile = (paths: string[]): Metafile => ({
    inputs: {},
    outputs: {
      "index.mjs": {
        bytes: 1,
        inputs: {},
        exports: [],
        imports: paths.map((path) => ({ path, kind: "import-statement" as const, external: true })),
      },
    },
  });

  it("accepts Node built-ins and the local-only HCL parser", () => {
    expect(unexpectedExternals(metafile(["node:fs", "crypto", "fs/promises", "@cdktf/hcl2json"]))).toEqual(
      [],
    );
  });

  it("rejects a package the zip would not carry, which is the missing-layer-module failure", () => {
    expect(unexpectedExternals(metafile(["node:fs", "openai", "@aws-sdk/client-s3"]))).toEqual([
      "@aws-sdk/client-s3",
      "openai",
    ]);
  });
});

describe("what each entry bundles", () => {
  const STREAMING_CODE =
    /^src\/(adapters\/response-stream\/|common\/streaming\/(sse|stall-guard|event-channel|chat-events)\.ts|handlers\/\w+\/(stream|streamed-rounds)\.ts)/;
  const root = new URL("../..", import.meta.url).pathname;
  const sources = async (name: string, entry: string) =>
    Object.keys((await bundleHandler(root, name, entry)).metafile.inputs).filter((path) =>
      path.startsWith("src/"),
    );

  it("keeps the streaming code out of info's buffered entry", async () => {
    expect((await sources("info", "index.ts")).filter((path) => STREAMING_CODE.test(path))).toEqual([]);
  });

  it.each(["openai_v2", "langchain", "openai_function"])(
    "bundles the streaming code into %s",
    async (name) => {
      expect((await sources(name, "index.ts")).some((path) => STREAMING_CODE.test(path))).toBe(true);
    },
  );
});

describe("what the functions sign AWS requests with", () => {
  const root = new URL("../..", import.meta.url).pathname;
  const SDK_SIGNER = /^node_modules\/@smithy\/signature-v4\//;

  // The AWS SDK clients still bring it (info's at a cold start, the conversation store's on demand),
  // and the signer's tests compare against it; our own clients sign with src/common/aws/signer.ts.
  it.each(handlerNames())(
    "bundles %s with no source file of ours importing the SDK's SigV4 signer",
    async (name) => {
      const { metafile } = await bundleHandler(root, name);
      const ours = Object.entries(metafile.inputs).flatMap(([importer, input]) =>
        importer.startsWith("src/") ? input.imports.filter(({ path }) => SDK_SIGNER.test(path)) : [],
      );
      expect(ours).toEqual([]);
    },
    60_000,
  );

  it.each(handlerNames().filter((name) => name !== "info"))(
    "keeps the SDK's SigV4 signer out of what %s reads at a cold start",
    async (name) => {
      const { metafile } = await bundleHandler(root, name);
      expect([...startupInputs(metafile)].filter((input) => SDK_SIGNER.test(input))).toEqual([]);
    },
    60_000,
  );
});

describe("what the API key authorizer bundles", () => {
  it("carries no dependency at all (no openai, zod or AWS SDK), only its own few lines", async () => {
    const root = new URL("../..", import.meta.url).pathname;
    const { metafile, files } = await bundleHandler(root, AUTHORIZER_HANDLER);
    expect(Object.keys(metafile.inputs).sort()).toEqual([
      "src/common/api-key/presented-key.ts",
      "src/handlers/api_key_authorizer/index.ts",
    ]);
    const code = files.find((file) => file.path === "index.mjs");
    expect(code?.data.length).toBeLessThan(2048);
  });
});

describe("what the chat functions run at a cold start", () => {
  const root = new URL("../..", import.meta.url).pathname;

  it.each(["openai_v2", "langchain", "openai_function"])(
    "loads %s's conversation store, and with it the DynamoDB client, only when a request needs it",
    async (name) => {
      const { metafile } = await bundleHandler(root, name);
      const importers = (target: RegExp) =>
        Object.entries(metafile.inputs).flatMap(([importer, input]) =>
          input.imports.filter(({ path }) => target.test(path)).map(({ kind }) => `${importer} ${kind}`),
        );
      expect(importers(/^src\/common\/memory\/index\.ts$/)).toEqual([
        "src/common/memory/on-demand.ts dynamic-import",
      ]);
      // The files that use the DynamoDB SDK are the conversation store's and the usage meter's own,
      // imported only by each other; the meter loads its store and the SDK only dynamically.
      const sdkUsers = importers(/^node_modules\/@aws-sdk\/(client-dynamodb|lib-dynamodb)\//)
        .filter((line) => !line.endsWith("dynamic-import"))
        .map((line) => line.split(" ")[0] ?? "")
        .filter((importer) => importer.startsWith("src/"));
      expect(sdkUsers.length).toBeGreaterThan(0);
      for (const user of new Set(sdkUsers)) {
        expect(user).toMatch(/^src\/common\/(memory|usage)\//);
        const outside = importers(new RegExp(`^${user.replaceAll(".", "\\.")}$`)).filter(
          (line) => !line.startsWith("src/common/memory/") && !line.startsWith("src/common/usage/"),
        );
        expect(outside, user).toEqual([]);
      }
      expect(
        importers(/^(src\/common\/usage\/usage-store\.ts|node_modules\/@aws-sdk\/lib-dynamodb\/.*)$/).filter(
          (line) => line.startsWith("src/common/usage/meter.ts"),
        ),
      ).toEqual(expect.arrayContaining(["src/common/usage/meter.ts dynamic-import"]));
      expect(
        importers(/^src\/common\/usage\/usage-store\.ts$/).filter((line) => !line.endsWith("dynamic-import")),
      ).toEqual([]);
    },
    60_000,
  );
});

describe("what a cold start reads", () => {
  const root = new URL("../..", import.meta.url).pathname;
  const LOADED_ON_DEMAND =
    /^node_modules\/(@aws-sdk\/(client-dynamodb|lib-dynamodb)|yaml|aws-xray-sdk-core|@aws-lambda-powertools\/tracer)\//;

  it.each(streamingHandlerNames())(
    "keeps %s's DynamoDB client, YAML reader and X-Ray tracer in chunks that only a dynamic import loads",
    async (name) => {
      const { metafile } = await bundleHandler(root, name);
      const everything = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
      for (const lazy of [/^node_modules\/@aws-sdk\/client-dynamodb\//, /^node_modules\/aws-xray-sdk-core\//])
        expect(everything.filter((input) => lazy.test(input)).length).toBeGreaterThan(0);
      expect([...startupInputs(metafile)].filter((input) => LOADED_ON_DEMAND.test(input))).toEqual([]);
    },
    60_000,
  );

  // langchain is left out: @langchain/core imports classic zod itself, so that function loads both.
  it.each(["openai_v2", "openai_function"])(
    "starts %s on zod/mini, without loading classic zod",
    async (name) => {
      const { metafile } = await bundleHandler(root, name);
      const zodFiles = [...startupInputs(metafile)].filter((input) => input.startsWith("node_modules/zod/"));
      expect(
        zodFiles.filter((input) => input.startsWith("node_modules/zod/v4/mini/")).length,
      ).toBeGreaterThan(0);
      expect(zodFiles.filter((input) => input.startsWith("node_modules/zod/v4/classic/"))).toEqual([]);
    },
    60_000,
  );

  // The chat functions' own HTTP client replaced node:http(s); only lazily loaded SDK clients still use it.
  it.each(["openai_v2", "langchain", "openai_function", "openai_compat"])(
    "starts %s without loading node:http or node:https",
    async (name) => {
      const { metafile } = await bundleHandler(root, name);
      const builtins = new Set<string>();
      const pending = ["index.mjs"];
      const seen = new Set<string>();
      for (let output = pending.pop(); output !== undefined; output = pending.pop()) {
        if (seen.has(output)) continue;
        seen.add(output);
        for (const entry of metafile.outputs[output]?.imports ?? []) {
          if (entry.kind !== "import-statement") continue;
          if (entry.external) builtins.add(entry.path);
          else pending.push(entry.path);
        }
      }
      expect(builtins).toContain("node:net");
      expect([...builtins].filter((path) => /^(node:)?https?$/.test(path))).toEqual([]);
    },
    60_000,
  );

  it("counts a chunk that the entry imports statically, and not one it imports dynamically", () => {
    const output = (inputs: string[], imports: Metafile["outputs"][string]["imports"]) => ({
      bytes: 1,
      inputs: Object.fromEntries(inputs.map((input) => [input, { bytesInOutput: 1 }])),
      exports: [],
      imports,
    });
    const metafile: Metafile = {
      inputs: {},
      outputs: {
        "index.mjs": output(
          ["src/a.ts"],
          [
            { path: "chunks/shared-AAAAAAAA.mjs", kind: "import-statement" },
            { path: "chunks/lazy-BBBBBBBB.mjs", kind: "dynamic-import" },
            { path: "node:fs", kind: "import-statement", external: true },
          ],
        ),
        "chunks/shared-AAAAAAAA.mjs": output(["src/b.ts"], [{ path: "index.mjs", kind: "import-statement" }]),
        "chunks/lazy-BBBBBBBB.mjs": output(
          ["src/c.ts"],
          [{ path: "chunks/shared-AAAAAAAA.mjs", kind: "import-statement" }],
        ),
      },
    };
    expect([...startupInputs(metafile)].sort()).toEqual(["src/a.ts", "src/b.ts"]);
  });
});

describe("what openai_function runs at a cold start", () => {
  it("imports the YAML reader only dynamically, so that packaged plugins never run it", async () => {
    const rootDir = join(EXAMPLE_PLUGINS_DIR, "..");
    const { metafile } = await bundleHandler(rootDir, "openai_function");
    const importsOf = (target: RegExp) =>
      Object.entries(metafile.inputs).flatMap(([importer, input]) =>
        input.imports.filter(({ path }) => target.test(path)).map(({ kind }) => `${importer} ${kind}`),
      );
    expect(importsOf(/plugins\/parse-plugin\.ts$/).sort()).toEqual([
      "src/handlers/openai_function/plugins/folder-source.ts dynamic-import",
      "src/handlers/openai_function/plugins/s3-source.ts dynamic-import",
    ]);
    expect(importsOf(/^node_modules\/yaml\/[^/]+\/index\.js$/)).toEqual([
      "src/handlers/openai_function/plugins/parse-plugin.ts import-statement",
    ]);
  }, 60_000);
});

describe("terraform and the packages agree", () => {
  const locals = async () => {
    const text = readFileSync(new URL("../../terraform/locals.tf", import.meta.url), "utf8");
    const parsed = (await parse("locals.tf", text)) as {
      locals: {
        function_list: string[];
        authorizer_function: string;
        buffered_function_list: string[];
        layers: Record<string, { functions: string[] }>;
      }[];
    };
    const [block] = parsed.locals;
    if (!block) throw new Error("terraform/locals.tf has no locals block");
    return block;
  };

  it("deploys one function per handler folder, no more, no fewer", async () => {
    const { function_list, authorizer_function } = await locals();
    expect([...function_list, authorizer_function].sort()).toEqual(handlerNames());
  });

  it("gives the buffered timeout to exactly the handlers without a response-streaming entry", async () => {
    const { authorizer_function } = await locals();
    const buffered = handlerNames().filter(
      (name) => !streamingHandlerNames().includes(name) && name !== authorizer_function,
    );
    expect([...(await locals()).buffered_function_list].sort()).toEqual(buffered);
  });

  it("creates the memory table with the keys the store uses", async () => {
    const text = readFileSync(new URL("../../terraform/storage.tf", import.meta.url), "utf8");
    const parsed = (await parse("storage.tf", text)) as {
      resource: {
        aws_dynamodb_table: {
          memory: { hash_key: string; range_key: string; ttl: { attribute_name: string }[] }[];
        };
      };
    };
    const [table] = parsed.resource.aws_dynamodb_table.memory;
    expect(table).toMatchObject({ hash_key: MEMORY_KEYS.hash, range_key: MEMORY_KEYS.range });
    expect(table?.ttl[0]?.attribute_name).toBe(MEMORY_KEYS.ttl);
  });

  it("attaches the same layers to the same functions", async () => {
    const expected = Object.fromEntries(
      Object.entries(LAYERS).map(([name, layer]) => [name, { functions: layer.functions }]),
    );
    expect((await locals()).layers).toEqual(expected);
  });
});

describe("what the functions depend on", () => {
  const root = new URL("../..", import.meta.url).pathname;
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  /** The npm package a bundled file came from (a transitive one too), by its path under node_modules. */
  const packageOf = (input: string) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];

  it.each(handlerNames())(
    "%s bundles no package the project lists only for development",
    async (name) => {
      const { metafile } = await bundleHandler(root, name);
      const bundled = new Set(
        Object.keys(metafile.inputs)
          .map(packageOf)
          .filter((found) => found !== undefined),
      );
      const devOnly = [...bundled].filter(
        (found) => found in manifest.devDependencies && !(found in manifest.dependencies),
      );
      expect(devOnly).toEqual([]);
      // The authorizer carries no package at all ("carries no dependency at all" above).
      if (name !== AUTHORIZER_HANDLER)
        expect([...bundled].some((found) => found in manifest.dependencies)).toBe(true);
    },
    60_000,
  );
});
