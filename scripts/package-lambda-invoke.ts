import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { LambdaLayout } from "./package-lambda-layout.js";

/** One cold start: a fresh `node` process in the layout, invoked once with the event. */

export interface ColdStartResult {
  result?: { statusCode: number; headers?: Record<string, string>; body: string };
  error?: { name?: string; message: string; stack?: string };
  /** Parent's clock: spawning the process to receiving its first response. */
  firstResponseMs: number;
  /** Child's clock (since its process started): handler module imported, first response returned. */
  importedMs?: number;
  respondedMs?: number;
  /** Child's CPU time (user + system, all threads) up to the first response. */
  cpuMs?: number;
  /** What the function wrote to stdout and stderr (its logs). */
  output: string;
}

type ChildMessage = Omit<ColdStartResult, "firstResponseMs" | "output">;

export async function coldStart(
  layout: LambdaLayout,
  event: unknown,
  timeoutMs = 20_000,
): Promise<ColdStartResult> {
  const eventFile = join(layout.root, "event.json");
  await writeFile(eventFile, JSON.stringify(event));

  const started = performance.now();
  const child = spawn(process.execPath, [layout.bootstrap, eventFile], {
    cwd: layout.taskRoot,
    env: layout.env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  let message: ChildMessage | undefined;
  let firstResponseMs = Number.NaN;
  child.once("message", (received) => {
    firstResponseMs = performance.now() - started;
    message = received as ChildMessage;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.once("close", resolve));
  clearTimeout(timer);

  if (!message) {
    const reason = timedOut
      ? `no response within ${timeoutMs} ms`
      : `exited (code ${exitCode}) without a response`;
    return { error: { message: `the function process ${reason}` }, firstResponseMs, output };
  }
  return { ...message, firstResponseMs, output };
}
