import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";

/**
 * The CPU of one answer's EMF line (src/services/metrics.ts), built by `emfLine` against Powertools
 * Metrics, which built it before. Each measurement is a fresh `node` process on a bundle built as the
 * functions are (esbuild, minified, ESM), so the first 50 lines are a young sandbox's; the processes
 * of both alternate, and the medians are compared.
 */

const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 9);
const run = promisify(execFile);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export default async function emf(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "emf-bench-"));
  try {
    const outfile = join(dir, "line-cost.mjs");
    await build({
      entryPoints: [fileURLToPath(new URL("./emf/line-cost.ts", import.meta.url))],
      outfile,
      bundle: true,
      minify: true,
      platform: "node",
      format: "esm",
      target: "node22",
      logLevel: "warning",
    });
    const results: Record<string, { first: number[]; steady: number[] }> = {
      powertools: { first: [], steady: [] },
      emfLine: { first: [], steady: [] },
    };
    for (let i = 0; i < PROCESSES; i++)
      for (const [variant, result] of Object.entries(results)) {
        const { stdout } = await run(process.execPath, [outfile, variant]);
        const figures = JSON.parse(stdout) as { first: number; steady: number };
        result.first.push(figures.first);
        result.steady.push(figures.steady);
      }
    const baseline = results.powertools;
    process.stdout.write(
      `${PROCESSES} processes each, CPU per EMF line (median): first 50 lines, then 1000\n`,
    );
    for (const [variant, result] of Object.entries(results))
      process.stdout.write(
        `${variant.padEnd(11)} first 50 ${median(result.first).toFixed(1).padStart(6)} µs ${(median(result.first) / median(baseline?.first ?? [])).toFixed(2)}x Powertools` +
          `   steady ${median(result.steady).toFixed(1).padStart(6)} µs ${(median(result.steady) / median(baseline?.steady ?? [])).toFixed(2)}x Powertools\n`,
      );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
