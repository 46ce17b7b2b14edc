import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Manifest } from "../../scripts/package.js";
import { writeReproducibleZip, type ZipEntry } from "../../scripts/package-zip.js";

/**
 * The packages the functions are measured against, each in a package folder of its own (zip and
 * manifest.json, as scripts/package.ts writes them) so the Lambda-like harness runs them unchanged.
 */

async function writePackage(dir: string, name: string, files: ZipEntry[]): Promise<void> {
  const zip = `${name}.zip`;
  const zipBytes = await writeReproducibleZip(join(dir, zip), files);
  const unpackedBytes = files.reduce((sum, file) => sum + file.data.length, 0);
  const manifest: Manifest = {
    functions: { [name]: { zip, zipBytes, unpackedBytes, layers: [] } },
    layers: {},
  };
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
}

/** A handler that does nothing: the floor every function's cold start stands on. */
export async function emptyPackage(dir: string, name: string): Promise<void> {
  const code = 'export const handler = async () => ({ statusCode: 200, body: "{}" });\n';
  await writePackage(dir, name, [{ path: "index.mjs", data: Buffer.from(code) }]);
}

/**
 * bench/cold-start/naive-handler.ts (or `entry`, another hand-written handler there) bundled as a user
 * would bundle it: esbuild with the target and format of the functions' bundles
 * (scripts/package-bundle.ts), without licence files and, unless a profile needs one to name its
 * frames, without a source map.
 */
export async function naivePackage(
  dir: string,
  name: string,
  { sourceMap = false, entry = "naive-handler.ts" } = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    outfile: "index.mjs",
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    minify: true,
    ...(sourceMap ? { sourcemap: "linked", sourcesContent: false } : {}),
    logLevel: "warning",
  });
  const files = result.outputFiles.map((file) => ({
    path: file.path.slice(dir.length + 1),
    data: file.contents,
  }));
  if (!files.some((file) => file.path === "index.mjs"))
    throw new Error(`esbuild wrote no bundle for ${entry}`);
  await writePackage(dir, name, files);
}
