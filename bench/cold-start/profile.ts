import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { packageAll } from "../../scripts/package.js";
import { coldStart } from "../../scripts/package-lambda-invoke.js";
import { type LambdaLayout, prepareLambdaLayout } from "../../scripts/package-lambda-layout.js";
import { SMOKE_OPENAI_KEY, smokeEvent, terraformEnvironment } from "../../test/deploy/support/smoke-setup.js";
import { startSmokeStack } from "../../test/deploy/support/smoke-stack.js";
import { naivePackage } from "./baselines.js";
import { type CpuProfile, type PhaseSummary, summarize } from "./cpuprofile.js";

/**
 * Profiles cold starts in the Lambda-like layout of the cold-start bench: one `node --cpu-prof`
 * process per function, its first invocation and then warm ones, and prints where the CPU went by
 * package in each phase (init: up to the handler module's import; first invocation; warm invocations).
 * Usage: npx tsx bench/cold-start/profile.ts [--runs 3] [--warm 50] [--interval 100] [--top 15]
 *        [--minified] [--functions] [--env NAME=value ...] [--out dir] [naive|openai_v2|langchain|openai_function|info ...]
 * The figures are the mean of the runs (one process each), in ms of CPU samples.
 * Unless --minified, each bundle is printed again one statement per line (same code, composed source
 * map) so that top-level code is told apart by module; the profiles stay in --out for DevTools.
 */

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "3" },
    warm: { type: "string", default: "50" },
    interval: { type: "string", default: "100" },
    top: { type: "string", default: "15" },
    minified: { type: "boolean", default: false },
    functions: { type: "boolean", default: false },
    env: { type: "string", multiple: true, default: [] },
    out: { type: "string", default: "dist/cold-start-profiles" },
  },
});
const NAIVE = "naive";
const environmentOverrides = Object.fromEntries(
  values.env.map((pair) => {
    const at = pair.indexOf("=");
    if (at < 1) throw new Error(`--env takes NAME=value, not ${pair}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);
const functions = positionals.length > 0 ? positionals : [NAIVE, "openai_v2", "langchain", "openai_function"];

/** index.mjs and the chunks it loads (scripts/package-bundle.ts). */
async function bundleFiles(taskRoot: string): Promise<string[]> {
  return (await readdir(taskRoot, { recursive: true }))
    .filter((file) => file.endsWith(".mjs"))
    .map((file) => join(taskRoot, file));
}

/**
 * The package's files again, unminified (whitespace only: names stay minified), each map composed
 * with the old one. Each file is printed on its own, not bundled, so that the chunks stay separate
 * files loaded when they are now.
 */
async function reprintBundle(taskRoot: string): Promise<void> {
  const files = await bundleFiles(taskRoot);
  const result = await build({
    entryPoints: files,
    outdir: taskRoot,
    outbase: taskRoot,
    outExtension: { ".js": ".mjs" },
    allowOverwrite: true,
    write: false,
    bundle: false,
    platform: "node",
    format: "esm",
    target: "node22",
    sourcemap: "linked",
    sourcesContent: false,
    logLevel: "warning",
  });
  await Promise.all(result.outputFiles.map((file) => writeFile(file.path, file.contents)));
}

function print(name: string, summaries: PhaseSummary[], top: number): void {
  process.stdout.write(`\n### ${name}\n`);
  for (const phase of summaries) {
    process.stdout.write(`\n${phase.name}: ${phase.ms.toFixed(1)} ms of samples\n`);
    process.stdout.write(`${"".padEnd(44)}${"self ms".padStart(9)}${"total ms".padStart(10)}\n`);
    for (const entry of phase.entries.slice(0, top))
      process.stdout.write(
        `  ${entry.name.padEnd(42)}${entry.selfMs.toFixed(1).padStart(9)}${entry.totalMs.toFixed(1).padStart(10)}\n`,
      );
  }
}

async function profileOne(layout: LambdaLayout, event: unknown, profileDir: string) {
  await rm(profileDir, { recursive: true, force: true });
  await mkdir(profileDir, { recursive: true });
  const startedUs = Number(process.hrtime.bigint() / 1000n);
  const run = await coldStart(layout, event, {
    warmInvocations: Number(values.warm),
    timeoutMs: 60_000,
    nodeArguments: ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-interval=${values.interval}`],
  });
  if (run.error || run.result?.statusCode !== 200)
    throw new Error(`${run.error?.message ?? run.result?.body}\n${run.output}`);
  const [file] = (await readdir(profileDir)).filter((entry) => entry.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no profile written in ${profileDir}`);
  const profile = JSON.parse(await readFile(join(profileDir, file), "utf8")) as CpuProfile;
  // The profile's clock is the monotonic one process.hrtime reads; the child's start is the spawn.
  const importedUs = startedUs + (run.importedMs ?? 0) * 1000;
  // The first invocation ends when its handler returns: the meter's write after the response is its own.
  const respondedUs = startedUs + (run.returnedMs ?? run.respondedMs ?? 0) * 1000;
  return summarize(
    profile,
    [
      { name: "init (process start to handler imported)", fromUs: 0, toUs: importedUs },
      { name: "first invocation", fromUs: importedUs, toUs: respondedUs },
      { name: `warm invocations (${values.warm})`, fromUs: respondedUs, toUs: Number.POSITIVE_INFINITY },
    ],
    new Map([
      ...(await bundleFiles(layout.taskRoot)).map(
        (file) => [`file://${file}`, "(esbuild module wrappers)"] as const,
      ),
      [`file://${layout.bootstrap}`, "(harness)"],
    ]),
    { topLevelByLine: !values.minified, byFunction: values.functions },
  );
}

/** Each phase's entries averaged over the runs. */
function mean(runs: PhaseSummary[][]): PhaseSummary[] {
  const [first = []] = runs;
  return first.map((phase, i) => {
    const phases = runs.map((run) => run[i] ?? { name: phase.name, ms: 0, entries: [] });
    const entries = new Map<string, { selfMs: number; totalMs: number }>();
    for (const entry of phases.flatMap((p) => p.entries)) {
      const sum = entries.get(entry.name) ?? { selfMs: 0, totalMs: 0 };
      sum.selfMs += entry.selfMs / runs.length;
      sum.totalMs += entry.totalMs / runs.length;
      entries.set(entry.name, sum);
    }
    return {
      name: phase.name,
      ms: phases.reduce((sum, p) => sum + p.ms, 0) / runs.length,
      entries: [...entries].map(([name, sums]) => ({ name, ...sums })).sort((a, b) => b.selfMs - a.selfMs),
    };
  });
}

const work = await mkdtemp(join(tmpdir(), "cold-start-profile-"));
const [manifest, stack] = await Promise.all([packageAll(join(work, "packages")), startSmokeStack()]);
await naivePackage(join(work, "naive"), NAIVE, { sourceMap: true });
try {
  for (const name of functions) {
    const naive = name === NAIVE;
    if (!naive && !(name in manifest.functions)) throw new Error(`no function named ${name}`);
    const layout = await prepareLambdaLayout({
      packageDir: naive ? join(work, "naive") : join(work, "packages"),
      functionName: name,
      functionEnvironment: naive ? { OPENAI_API_KEY: SMOKE_OPENAI_KEY } : terraformEnvironment(name),
      overrides: naive
        ? { OPENAI_BASE_URL: stack.overrides(name).OPENAI_BASE_URL ?? "" }
        : { ...stack.overrides(name), ...environmentOverrides },
    });
    if (!values.minified) await reprintBundle(layout.taskRoot);
    const runs: PhaseSummary[][] = [];
    for (let run = 1; run <= Number(values.runs); run++)
      runs.push(
        await profileOne(
          layout,
          smokeEvent(naive ? "openai_v2" : name),
          resolve(values.out, name, String(run)),
        ),
      );
    print(`${name} (${values.runs} runs)`, mean(runs), Number(values.top));
  }
  process.stdout.write(`\nprofiles in ${values.out}\n`);
} finally {
  await stack.close();
  await rm(work, { recursive: true, force: true });
}
