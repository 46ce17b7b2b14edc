import { createInterface } from "node:readline";

/** The line a bench child answers a `cpu` line on its standard input with. */
export interface CpuReport {
  cpuMicros: number;
}

/**
 * Makes a bench child answer `cpu` on its standard input with the CPU time (user + system, µs) its
 * process has used so far, so the bench can put a run's CPU per request beside its throughput: on
 * shared cores the throughput moves with the other work, the CPU a request costs much less.
 */
export function answerCpuQueries(): void {
  createInterface({ input: process.stdin }).on("line", (line) => {
    if (line !== "cpu") return;
    const { user, system } = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuMicros: user + system } satisfies CpuReport)}\n`);
  });
}
