import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { LambdaLayout } from "./package-lambda-layout.js";

/**
 * One cold start: a fresh `node` process in the layout, invoked once with the event; optionally
 * followed by warm invocations of the same handler in the same process.
 */

/** The invocations after the first, in order, each measured in the function process. */
export interface WarmInvocations {
  /** CPU time (user + system, all threads) of each invocation. */
  cpuMs: number[];
  /** Child's clock, handler called to the whole response written (a streamed one may end before the handler returns). */
  elapsedMs: number[];
  statusCodes: number[];
}

export interface ColdStartResult {
  result?: { statusCode: number; headers?: Record<string, string>; body: string };
  /** Why the first invocation failed, or a warm one. */
  error?: { name?: string; message: string; stack?: string };
  /** Parent's clock: spawning the process to hearing that its first response was written whole. */
  firstResponseMs: number;
  /** Child's clock (since its process started): handler module imported, first response written, handler returned. */
  importedMs?: number;
  respondedMs?: number;
  returnedMs?: number;
  /** Child's CPU time (user + system, all threads) up to the end of the first invocation. */
  cpuMs?: number;
  /** Present when warm invocations were asked for and all of them returned. */
  warm?: WarmInvocations;
  /** What the function wrote to stdout and stderr (its logs). */
  output: string;
}

export interface ColdStartOptions {
  /** For the whole process: the first invocation and the warm ones. */
  timeoutMs?: number;
  /** How many times to invoke the handler again once it has answered the first time. */
  warmInvocations?: number;
  /** Options for `node` itself, e.g. --cpu-prof, which NODE_OPTIONS may not carry. */
  nodeArguments?: string[];
}

type FirstMessage = Omit<ColdStartResult, "firstResponseMs" | "output" | "warm">;
type WarmMessage = Pick<ColdStartResult, "warm" | "error">;

export async function coldStart(
  layout: LambdaLayout,
  event: unknown,
  { timeoutMs = 20_000, warmInvocations = 0, nodeArguments = [] }: ColdStartOptions = {},
): Promise<ColdStartResult> {
  const eventFile = join(layout.root, "event.json");
  await writeFile(eventFile, JSON.stringify(event));

  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...nodeArguments, layout.bootstrap, eventFile, String(warmInvocations)],
    {
      cwd: layout.taskRoot,
      env: layout.env,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  let first: FirstMessage | undefined;
  let warm: WarmMessage | undefined;
  let firstResponseMs = Number.NaN;
  child.on("message", (received) => {
    // The first message says the response is out; the invocation's figures follow once it returns.
    if (Number.isNaN(firstResponseMs)) firstResponseMs = performance.now() - started;
    if ((received as { responded?: boolean }).responded) return;
    if (first) warm = received as WarmMessage;
    else first = received as FirstMessage;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.once("close", resolve));
  clearTimeout(timer);

  const reason = timedOut
    ? `no response within ${timeoutMs} ms`
    : `exited (code ${exitCode}) without a response`;
  if (!first) return { error: { message: `the function process ${reason}` }, firstResponseMs, output };
  const measured: ColdStartResult = { ...first, firstResponseMs, output };
  if (warmInvocations === 0 || first.error) return measured;
  if (!warm)
    return { ...measured, error: { message: `the function process ${reason} to its warm invocations` } };
  if (warm.error)
    return { ...measured, error: { ...warm.error, message: `warm invocation: ${warm.error.message}` } };
  return { ...measured, ...(warm.warm ? { warm: warm.warm } : {}) };
}
