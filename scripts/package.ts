import { existsSync, readdirSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getCatalog } from "../src/common/catalog/index.js";
import { catalogProblems } from "../src/common/catalog/schema.js";
import { STREAMING_FUNCTIONS } from "../src/core/routes.js";
import { awsOpenApiTemplates } from "./openapi-aws.js";
import { bundleHandler } from "./package-bundle.js";
import { LAYERS } from "./package-layers.js";
import { writeReproducibleZip } from "./package-zip.js";

/**
 * `npm run package`: one self-contained zip per handler folder (dist/lambda/<name>.zip, entry point
 * index.handler: the response-streaming entry of a chat handler, the REST proxy entry of the
 * others), the layers (dist/lambda/layer-<name>.zip), manifest.json describing them, and the REST
 * API's OpenAPI templates (openapi-aws*.json.tftpl, scripts/openapi-aws.ts).
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
  layers: Record<string, PackageInfo>;
}

/** Every src/handlers/<name>/index.ts: a new handler folder is packaged without touching this script. */
export function handlerNames(root = rootDir): string[] {
  const dir = join(root, "src", "handlers");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "index.ts")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The API Gateway authorizer's folder: called before a route with a REQUEST authorizer event, deployed
 * only with bearer_api_keys (terraform/authorizer.tf).
 */
export const AUTHORIZER_HANDLER = "api_key_authorizer";

/** The handlers API routes integrate with: every handler but the authorizer. */
export function routeHandlerNames(root = rootDir): string[] {
  return handlerNames(root).filter((name) => name !== AUTHORIZER_HANDLER);
}

/** The handlers whose entry streams (wrapped in awslambda.streamifyResponse): the chat handlers. */
export function streamingHandlerNames(root = rootDir): string[] {
  const streaming = new Set<string>(STREAMING_FUNCTIONS);
  return handlerNames(root).filter((name) => streaming.has(name));
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
  const manifest: Manifest = { functions: {}, layers: {} };

  for (const handler of handlerNames()) {
    const { files } = await bundleHandler(rootDir, handler);
    const zip = `${handler}.zip`;
    const zipBytes = await writeReproducibleZip(join(outDir, zip), files);
    const unpackedBytes = files.reduce((sum, file) => sum + file.data.length, 0);
    const layers = Object.keys(LAYERS).filter((layer) => LAYERS[layer]?.functions.includes(handler));
    log(`${zip.padEnd(26)}${kib(zipBytes)} zipped ${kib(unpackedBytes)} unpacked`);
    manifest.functions[handler] = { zip, zipBytes, unpackedBytes, layers };
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

  for (const [file, template] of Object.entries(awsOpenApiTemplates())) {
    await writeFile(join(outDir, file), template);
    log(`${file.padEnd(26)} the REST API (scripts/openapi-aws.ts)`);
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
