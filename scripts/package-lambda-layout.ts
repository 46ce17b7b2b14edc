import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import yauzl from "yauzl";
import type { Manifest } from "./package.js";

/**
 * A Lambda-like file system in a temporary folder: the function zip unpacked as the task root
 * (/var/task), its layers unpacked in order into the layer root (/opt), and the runtime bootstrap
 * (/var/runtime), with the environment Lambda gives a nodejs22.x function.
 */

export interface LambdaLayout {
  root: string;
  taskRoot: string;
  optRoot: string;
  bootstrap: string;
  /** The complete environment of the function process: nothing is inherited from this one. */
  env: Record<string, string>;
}

export interface LayoutOptions {
  packageDir: string;
  functionName: string;
  /** The function's own variables as Terraform sets them; `/opt/...` values are moved to the layer root. */
  functionEnvironment: Record<string, string>;
  /** Added last, e.g. endpoints of loopback stand-ins for AWS and the model. */
  overrides?: Record<string, string>;
  memoryMb?: number;
}

const bootstrapSource = fileURLToPath(new URL("package-lambda-bootstrap.ts", import.meta.url));

function openZip(zipFile: string): Promise<yauzl.ZipFile> {
  return new Promise((resolvePromise, reject) =>
    yauzl.open(zipFile, { lazyEntries: true }, (error, zip) => (error ? reject(error) : resolvePromise(zip))),
  );
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolvePromise, reject) => {
    const settle = (entry: yauzl.Entry | undefined, error?: Error) => {
      zip.off("entry", onEntry).off("end", onEnd).off("error", onError);
      if (error) reject(error);
      else resolvePromise(entry);
    };
    const onEntry = (entry: yauzl.Entry) => settle(entry);
    const onEnd = () => settle(undefined);
    const onError = (error: Error) => settle(undefined, error);
    zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
    zip.readEntry();
  });
}

/** The entries of a zip, in the order they are stored. */
export async function readZipEntries(zipFile: string): Promise<yauzl.Entry[]> {
  const zip = await openZip(zipFile);
  const entries: yauzl.Entry[] = [];
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) entries.push(entry);
  } finally {
    zip.close();
  }
  return entries;
}

async function unzip(zipFile: string, targetDir: string): Promise<void> {
  const zip = await openZip(zipFile);
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const target = resolve(targetDir, entry.fileName);
      if (!target.startsWith(`${resolve(targetDir)}/`))
        throw new Error(`${zipFile}: unsafe path ${entry.fileName}`);
      if (entry.fileName.endsWith("/")) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target));
    }
  } finally {
    zip.close();
  }
}

export async function readManifest(packageDir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(packageDir, "manifest.json"), "utf8")) as Manifest;
}

export async function prepareLambdaLayout(options: LayoutOptions): Promise<LambdaLayout> {
  const manifest = await readManifest(options.packageDir);
  const fn = manifest.functions[options.functionName];
  if (!fn) throw new Error(`${options.functionName} is not in ${options.packageDir}/manifest.json`);

  const root = await mkdtemp(join(tmpdir(), `lambda-${options.functionName}-`));
  const taskRoot = join(root, "var", "task");
  const optRoot = join(root, "opt");
  const runtimeDir = join(root, "var", "runtime");
  await Promise.all([taskRoot, optRoot, runtimeDir].map((dir) => mkdir(dir, { recursive: true })));

  await unzip(join(options.packageDir, fn.zip), taskRoot);
  for (const layer of fn.layers) {
    const info = manifest.layers[layer];
    if (!info) throw new Error(`layer ${layer} of ${options.functionName} is not in the manifest`);
    await unzip(join(options.packageDir, info.zip), optRoot);
  }

  const bootstrap = join(runtimeDir, "bootstrap.mjs");
  await build({
    entryPoints: [bootstrapSource],
    outfile: bootstrap,
    bundle: true,
    platform: "node",
    format: "esm",
    logLevel: "warning",
  });

  const functionName = `aws-openai-${options.functionName}`;
  const ownEnvironment = Object.fromEntries(
    Object.entries(options.functionEnvironment).map(([key, value]) => [
      key,
      value.startsWith("/opt/") ? join(optRoot, value.slice("/opt/".length)) : value,
    ]),
  );
  const env: Record<string, string> = {
    PATH: `/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:${dirname(process.execPath)}`,
    LANG: "en_US.UTF-8",
    TZ: ":UTC",
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: runtimeDir,
    // Lambda's NODE_PATH: require() from layers works through it; ES module imports ignore it.
    NODE_PATH: [
      join(optRoot, "nodejs", "node22", "node_modules"),
      join(optRoot, "nodejs", "node_modules"),
      join(runtimeDir, "node_modules"),
      runtimeDir,
      taskRoot,
    ].join(":"),
    _HANDLER: "index.handler",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb ?? 512),
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    AWS_LAMBDA_LOG_FORMAT: "JSON",
    AWS_LAMBDA_LOG_LEVEL:
      options.functionEnvironment.DEBUG_MODE === "true"
        ? "DEBUG"
        : (options.functionEnvironment.LOG_LEVEL ?? "INFO"),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: "2026/01/01/[$LATEST]00000000000000000000000000000000",
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "ASIATESTTESTTESTTEST",
    AWS_SECRET_ACCESS_KEY: "lambda-like-test-secret",
    AWS_SESSION_TOKEN: "lambda-like-test-session-token",
    ...ownEnvironment,
    ...options.overrides,
  };
  return { root, taskRoot, optRoot, bootstrap, env };
}
