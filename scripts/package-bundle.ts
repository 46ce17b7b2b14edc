import { builtinModules } from "node:module";
import { dirname, join } from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import type { ZipEntry } from "./package-zip.js";

/**
 * Imports a bundle may leave to the runtime, and why. Anything else left unbundled fails the build:
 * a function must never depend on a module its package does not carry.
 */
const ALLOWED_EXTERNALS: Record<string, string> = {
  // src/common/settings/sources.ts imports the HCL parser only when terraform/terraform.tfvars exists,
  // which a package never contains; bundling it would ship its WebAssembly for nothing (docs/packaging.md).
  "@cdktf/hcl2json": "read only for a local terraform/terraform.tfvars",
};

// CommonJS dependencies inside an ES module bundle still call require() for Node built-ins.
const REQUIRE_SHIM =
  'import{createRequire as __createRequire}from"node:module";const require=__createRequire(import.meta.url);';

/**
 * zod re-exports all of its error-message locales as `z.locales`, and a namespace re-export defeats
 * tree shaking. The handlers only ever use English, the default, so the bundle gets a locales module
 * that holds English alone: much less JavaScript to parse per cold start (docs/packaging.md).
 */
const englishOnlyZodLocales: Plugin = {
  name: "english-only-zod-locales",
  setup(builder) {
    builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes("/node_modules/zod/")
        ? { path: join(dirname(args.importer), "..", "locales", "en.js"), namespace: "zod-locales" }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

export interface BundleResult {
  files: ZipEntry[];
  metafile: Metafile;
}

function isBuiltin(path: string): boolean {
  return path.startsWith("node:") || builtinModules.includes(path.split("/")[0] ?? path);
}

/** Every import the bundle leaves unresolved that is neither a Node built-in nor explicitly allowed. */
export function unexpectedExternals(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const entry of output.imports)
      if (entry.external && !isBuiltin(entry.path) && !(entry.path in ALLOWED_EXTERNALS))
        found.add(entry.path);
  return [...found].sort();
}

/** Where the code behind a dynamic `import()` goes: its own file, read only when the import runs. */
export const CHUNK_DIR = "chunks";

/**
 * The source files a cold start reads: those of index.mjs and of the chunks it imports statically,
 * transitively. What sits only behind a dynamic `import()` is not among them.
 */
export function startupInputs(metafile: Metafile): Set<string> {
  const loaded = new Set<string>();
  const pending = ["index.mjs"];
  for (let output = pending.pop(); output !== undefined; output = pending.pop()) {
    if (loaded.has(output)) continue;
    loaded.add(output);
    for (const entry of metafile.outputs[output]?.imports ?? [])
      if (entry.kind === "import-statement" && !entry.external) pending.push(entry.path);
  }
  return new Set([...loaded].flatMap((output) => Object.keys(metafile.outputs[output]?.inputs ?? {})));
}

/**
 * Bundles src/handlers/<name>/<entry> (index.ts, each function's one entry) into index.mjs (+ map,
 * + licences) for the zip root, and every module reached only through a dynamic `import()` (the
 * DynamoDB-backed stores, the S3 plugin source, the YAML reader) into chunks/ beside it. In one file
 * such code would still be read and pre-parsed at every cold start; split, a cold start whose
 * requests never load it does not touch its bytes (docs/cold-start.md).
 */
export async function bundleHandler(
  rootDir: string,
  name: string,
  entry = "index.ts",
): Promise<BundleResult> {
  const result = await build({
    absWorkingDir: rootDir,
    entryPoints: [`src/handlers/${name}/${entry}`],
    outdir: ".",
    entryNames: "index",
    chunkNames: `${CHUNK_DIR}/[name]-[hash]`,
    outExtension: { ".js": ".mjs" },
    splitting: true,
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    treeShaking: true,
    sourcemap: "linked",
    // Line mapping is what a stack trace needs; the sources themselves would triple the map.
    sourcesContent: false,
    legalComments: "external",
    mainFields: ["module", "main"],
    external: Object.keys(ALLOWED_EXTERNALS),
    banner: { js: REQUIRE_SHIM },
    plugins: [englishOnlyZodLocales],
    metafile: true,
    logLevel: "warning",
  });
  const unexpected = unexpectedExternals(result.metafile);
  if (unexpected.length > 0)
    throw new Error(`${name}: the bundle would import modules it does not carry: ${unexpected.join(", ")}`);
  const files = result.outputFiles.map((file) => ({
    path: file.path.slice(rootDir.length).replace(/^\/+/, ""),
    data: file.contents,
  }));
  return { files, metafile: result.metafile };
}
