import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Manifest, packageAll } from "../scripts/package.js";
import { type ColdStartResult, coldStart } from "../scripts/package-lambda-invoke.js";
import { prepareLambdaLayout } from "../scripts/package-lambda-layout.js";
import { writeReproducibleZip } from "../scripts/package-zip.js";
import { smokeEvent, terraformEnvironment } from "../test/deploy/support/smoke-setup.js";
import { startSmokeStack } from "../test/deploy/support/smoke-stack.js";

/**
 * Cold start per function: spawning a fresh `node` process on the unpacked package (Lambda-like layout,
 * Terraform's environment, the OpenAI key from a Parameter Store stand-in, the offline model) to its
 * first response, with each zip's size. The baseline is an empty handler through the same harness:
 * what Node itself costs.
 */

const RUNS = Number(process.env.BENCH_COLD_STARTS ?? 7);
const MB = 1_000_000;

const TARGETS: Record<string, { zipBytes: number; firstResponseMs: number }> = {
  openai_v2: { zipBytes: 1 * MB, firstResponseMs: 300 },
  info: { zipBytes: 1 * MB, firstResponseMs: 300 },
  langchain: { zipBytes: 3 * MB, firstResponseMs: 600 },
  openai_function: { zipBytes: 3 * MB, firstResponseMs: 600 },
};

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(7);

interface Figures {
  firstResponse: number;
  fastest: number;
  imported: number;
  cpu: number;
}

function figures(runs: ColdStartResult[]): Figures {
  return {
    firstResponse: median(runs.map((r) => r.firstResponseMs)),
    fastest: Math.min(...runs.map((r) => r.firstResponseMs)),
    imported: median(runs.map((r) => r.importedMs ?? Number.NaN)),
    cpu: median(runs.map((r) => r.cpuMs ?? Number.NaN)),
  };
}

/** A package whose handler does nothing: the floor every function's cold start stands on. */
async function baselinePackage(dir: string): Promise<void> {
  const code = 'export const handler = async () => ({ statusCode: 200, body: "{}" });\n';
  const zipBytes = await writeReproducibleZip(join(dir, "baseline.zip"), [
    { path: "index.mjs", data: Buffer.from(code) },
  ]);
  const manifest: Manifest = {
    functions: { baseline: { zip: "baseline.zip", zipBytes, unpackedBytes: code.length, layers: [] } },
    streams: {},
    layers: {},
  };
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest));
}

export default async function run(): Promise<void> {
  const packageDir = await mkdtemp(join(tmpdir(), "cold-start-packages-"));
  const baselineDir = await mkdtemp(join(tmpdir(), "cold-start-baseline-"));
  const [manifest, stack] = await Promise.all([
    packageAll(packageDir),
    startSmokeStack(),
    baselinePackage(baselineDir),
  ]);
  const roots: string[] = [];
  try {
    const measure = async (
      dir: string,
      name: string,
      environment: Record<string, string>,
      event: unknown,
    ) => {
      const layout = await prepareLambdaLayout({
        packageDir: dir,
        functionName: name,
        functionEnvironment: environment,
        overrides: stack.overrides(name),
      });
      roots.push(layout.root);
      const runs: ColdStartResult[] = [];
      for (let i = 0; i < RUNS; i++) {
        const result = await coldStart(layout, event);
        if (result.error || result.result?.statusCode !== 200)
          throw new Error(
            `${name} did not answer 200: ${result.error?.message ?? result.result?.body}\n${result.output}`,
          );
        runs.push(result);
      }
      return figures(runs);
    };

    process.stdout.write(
      `${RUNS} cold starts each (median; fastest in brackets); first response = spawn to the response, parent's clock\n`,
    );
    const base = await measure(
      baselineDir,
      "baseline",
      terraformEnvironment("openai_v2"),
      smokeEvent("openai_v2"),
    );
    process.stdout.write(
      `${"empty handler (baseline)".padEnd(26)}${"".padEnd(24)}first response ${ms(base.firstResponse)} (${ms(base.fastest).trim()})  cpu ${ms(base.cpu)}\n`,
    );
    for (const [name, fn] of Object.entries(manifest.functions)) {
      const f = await measure(packageDir, name, terraformEnvironment(name), smokeEvent(name));
      const target = TARGETS[name];
      const zip = `${(fn.zipBytes / 1024).toFixed(0)} KiB zip`.padEnd(14);
      const verdict = target
        ? fn.zipBytes < target.zipBytes && f.firstResponse < target.firstResponseMs
          ? `ok (targets < ${target.zipBytes / MB} MB, < ${target.firstResponseMs} ms)`
          : `OVER TARGET (< ${target.zipBytes / MB} MB, < ${target.firstResponseMs} ms)`
        : "no target";
      process.stdout.write(
        `${name.padEnd(26)}${zip}${`${(fn.unpackedBytes / 1024).toFixed(0)} KiB`.padEnd(10)}first response ${ms(f.firstResponse)} (${ms(f.fastest).trim()})  import ${ms(f.imported)}  cpu ${ms(f.cpu)}  +${ms(f.firstResponse - base.firstResponse).trim()} over baseline  ${verdict}\n`,
      );
    }
  } finally {
    await stack.close();
    await Promise.all(
      [packageDir, baselineDir, ...roots].map((dir) => rm(dir, { recursive: true, force: true })),
    );
  }
}
