import { existsSync, readdirSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getCatalog } from "../src/common/catalog/index.js";
import { catalogProblems } from "../src/common/catalog/schema.js";
import { bundleHandler } from "./package-bundle.js";
import { LAYERS } from "./package-layers.js";
import { writeReproducibleZip } from "./package-zip.js";

/**
 * `npm run package`: one self-contained zip per handler folder (dist/lambda/<name>.zip, entry point
 * index.handler), one per chat handler's function URL entry (dist/lambda/<name>-stream.zip, the same
 * layout), and the layers (dist/lambda/layer-<name>.zip), plus manifest.json describing them.
 */

const rootDir = fileURLToPath(new URL("..", import.meta.url));
export const defaultPackageDir = join(rootDir, "dist", "lambda");

export interface PackageInfo {
  zip: string;
  zipBytes: number;
  unpackedBytes: number;
}

export interface Manifest {
  functions: Record<string, PackageInfo & { layers: string[] }>;
  /** The streaming functions behind the function URLs, by package name (`<handler>-stream`). */
  streams: Record<string, PackageInfo & { layers: string[] }>;
  layers: Record<string, PackageInfo>;
}

/** The entry of a handler's streaming function: wrapped in awslambda.streamifyResponse. */
const STREAM_ENTRY = "function-url.ts";

export function streamPackageName(handler: string): string {
  return `${handler}-stream`;
}

/** Every src/handlers/<name>/index.ts: a new handler folder is packaged without touching this script. */
export function handlerNames(root = rootDir): string[] {
  const dir = join(root, "src", "handlers");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "index.ts")))
    .map((entry) => entry.name)
    .sort();
}

/** The handlers with a function URL entry (src/handlers/<name>/function-url.ts): the chat handlers. */
export function streamingHandlerNames(root = rootDir): string[] {
  return handlerNames(root).filter((name) => existsSync(join(root, "src", "handlers", name, STREAM_ENTRY)));
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(11);

/** Packages every handler and layer into outDir (emptied first); `log` receives one line per zip. */
export async function packageAll(
  outDir = defaultPackageDir,
  log: (line: string) => void = () => {},
): Promise<Manifest> {
  // The functions trust the catalog they carry: it is checked here, once, instead of at every cold start.
  const problems = catalogProblems(getCatalog());
  if (problems.length > 0) throw new Error(`catalog/apps.json is invalid:\n  ${problems.join("\n  ")}`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const manifest: Manifest = { functions: {}, streams: {}, layers: {} };

  // A streaming function attaches the layers of its handler: it runs the same code.
  const packageFunction = async (handler: string, entry: string, packageName: string) => {
    const { files } = await bundleHandler(rootDir, handler, entry);
    const zip = `${packageName}.zip`;
    const zipBytes = await writeReproducibleZip(join(outDir, zip), files);
    const unpackedBytes = files.reduce((sum, file) => sum + file.data.length, 0);
    const layers = Object.keys(LAYERS).filter((layer) => LAYERS[layer]?.functions.includes(handler));
    log(`${zip.padEnd(26)}${kib(zipBytes)} zipped ${kib(unpackedBytes)} unpacked`);
    return { zip, zipBytes, unpackedBytes, layers };
  };
  for (const name of handlerNames()) manifest.functions[name] = await packageFunction(name, "index.ts", name);
  for (const name of streamingHandlerNames()) {
    const packageName = streamPackageName(name);
    manifest.streams[packageName] = await packageFunction(name, STREAM_ENTRY, packageName);
  }

  for (const [name, layer] of Object.entries(LAYERS)) {
    const entries = await layer.entries(rootDir);
    // Lambda refuses an empty layer; say why here rather than through an AWS error at apply time.
    if (entries.length === 0) throw new Error(`layer ${name} would be empty: ${layer.describe}`);
    const zip = `layer-${name}.zip`;
    const zipBytes = await writeReproducibleZip(join(outDir, zip), entries);
    const unpackedBytes = entries.reduce((sum, file) => sum + file.data.length, 0);
    manifest.layers[name] = { zip, zipBytes, unpackedBytes };
    log(`${zip.padEnd(26)}${kib(zipBytes)} zipped ${kib(unpackedBytes)} unpacked (${entries.length} files)`);
  }

  await writeFile(join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`Packaging into ${defaultPackageDir}`);
  packageAll(defaultPackageDir, (line) => console.log(line)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
