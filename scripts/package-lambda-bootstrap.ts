import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import { installAwsLambdaGlobals, isStreamifiedHandler } from "../src/local/awslambda/globals.js";
import { invokeStreamingHandler } from "../src/local/awslambda/invoke.js";
import type { HttpSink } from "../src/local/awslambda/stream-integration-frontend.js";
import { invocationIds } from "./package-lambda-invocation.js";

/**
 * What Lambda's Node.js runtime does on a cold start, in a fresh process with plain `node` (no loader
 * hooks, so imports resolve exactly as they will on Lambda): define the `awslambda` global, find the
 * module `_HANDLER` names in LAMBDA_TASK_ROOT (.js, .mjs or .cjs), import it, invoke its export once
 * with the event, and send the result and the timings (ms since process start) to the parent over the
 * IPC channel. Each invocation gets its own request id and X-Ray trace header (`_X_AMZN_TRACE_ID`,
 * set before the handler is called, as the runtime does). A streamified handler is invoked with a response stream, and its result is the HTTP
 * response API Gateway's STREAM integration makes of what it streamed.
 * With a number of warm invocations, the same handler is then invoked that many more times with the
 * same event, as a warm Lambda sandbox would be, and the CPU and time of each go to the parent in a
 * second message: what a function costs per request once its cold start is paid.
 * Usage: node bootstrap.mjs <event.json> [warm invocations]
 */

function handlerModule(taskRoot: string, moduleName: string): string {
  for (const extension of [".js", ".mjs", ".cjs"]) {
    const file = join(taskRoot, `${moduleName}${extension}`);
    if (existsSync(file)) return file;
  }
  throw new Error(`Runtime.ImportModuleError: Cannot find module '${moduleName}' in ${taskRoot}`);
}

function lambdaContext(requestId: string): Context {
  const deadline = Date.now() + 30_000;
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? "";
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${functionName}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? "512",
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? "",
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? "",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The HTTP response the STREAM integration gives for what a streamified handler wrote. The client
 * has the whole response once the stream ends, which may be before the handler returns (the usage
 * meter writes after the answer is out): `onResponded` is called then.
 */
async function invokeStreaming(handler: unknown, event: unknown, context: Context, onResponded: () => void) {
  const result = { statusCode: 0, headers: {} as Record<string, string>, body: "" };
  const body: Buffer[] = [];
  const sink: HttpSink = {
    head: ({ statusCode, headers }) => {
      result.statusCode = statusCode;
      result.headers = headers;
    },
    body: async (chunk) => {
      body.push(chunk);
    },
    end: onResponded,
    abort: () => undefined,
  };
  await invokeStreamingHandler(handler, event, context, sink);
  return { ...result, body: Buffer.concat(body).toString("utf8") };
}

/** Calls the handler; `onResponded` when the client has the whole response, at the latest when it returns. */
type Invoke = (invocation: number, onResponded: () => void) => Promise<unknown>;

async function loadHandler(eventFile: string): Promise<{ invoke: Invoke; importedMs: number }> {
  installAwsLambdaGlobals();
  const [moduleName, exportName] = (process.env._HANDLER ?? "").split(/\.(?=[^.]+$)/);
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  if (!moduleName || !exportName || !taskRoot) throw new Error("_HANDLER and LAMBDA_TASK_ROOT must be set");
  const module = (await import(pathToFileURL(handlerModule(taskRoot, moduleName)).href)) as Record<
    string,
    unknown
  >;
  const importedMs = performance.now();
  const handler = module[exportName];
  if (typeof handler !== "function")
    throw new Error(`Runtime.HandlerNotFound: ${moduleName}.${exportName} is not a function`);
  const event = JSON.parse(await readFile(eventFile, "utf8")) as unknown;
  const invoke: Invoke = async (invocation, onResponded) => {
    const { requestId, traceHeader } = invocationIds(invocation);
    process.env._X_AMZN_TRACE_ID = traceHeader;
    const context = lambdaContext(requestId);
    if (isStreamifiedHandler(handler)) return invokeStreaming(handler, event, context, onResponded);
    const result = (await handler(event, context)) as unknown;
    onResponded();
    return result;
  };
  return { invoke, importedMs };
}

/** CPU time of this process so far, all threads (user + system), in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function firstInvocation(invoke: Invoke, importedMs: number): Promise<object> {
  let respondedMs: number | undefined;
  const result = await invoke(0, () => {
    respondedMs ??= performance.now();
    // The parent's clock stops here, at the response, not when the handler returns.
    void send({ responded: true });
  });
  // CPU time, all threads, of the whole first invocation: what the cold start costs, less
  // sensitive than the clock to a busy machine.
  const returnedMs = performance.now();
  return { result, importedMs, respondedMs: respondedMs ?? returnedMs, returnedMs, cpuMs: cpuMs() };
}

async function warmInvocations(invoke: Invoke, count: number): Promise<object> {
  const warm = { cpuMs: [] as number[], elapsedMs: [] as number[], statusCodes: [] as number[] };
  for (let i = 1; i <= count; i++) {
    const cpuBefore = cpuMs();
    const started = performance.now();
    let respondedAt: number | undefined;
    const result = (await invoke(i, () => {
      respondedAt ??= performance.now();
    })) as { statusCode?: number } | undefined;
    warm.elapsedMs.push((respondedAt ?? performance.now()) - started);
    warm.cpuMs.push(cpuMs() - cpuBefore);
    warm.statusCodes.push(result?.statusCode ?? 0);
  }
  return { warm };
}

function send(message: object): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) resolve();
    else process.send(message, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

async function run(eventFile: string, warmCount: number): Promise<object> {
  const { invoke, importedMs } = await loadHandler(eventFile);
  const first = await firstInvocation(invoke, importedMs);
  if (warmCount === 0) return first;
  // Sent before the warm invocations, so the parent's clock stops at the first response.
  await send(first);
  return warmInvocations(invoke, warmCount);
}

/**
 * Lambda's runtime still reports the response and asks for the next event before the sandbox is
 * frozen: what the handler queued last (an X-Ray datagram, which waits for an address lookup) goes
 * out meanwhile. The wait after the last message stands in for those turns.
 */
const FREEZE_AFTER_MS = 100;

function report(message: object, exitCode: number): void {
  // Lambda freezes the process after the response; exiting stands in for that (keep-alive sockets stay open).
  const freeze = () => setTimeout(() => process.exit(exitCode), FREEZE_AFTER_MS);
  if (process.send) process.send(message, freeze);
  else freeze();
}

const [eventFile, warmArgument = "0"] = process.argv.slice(2);
const warmCount = Number(warmArgument);
if (!eventFile || !Number.isInteger(warmCount) || warmCount < 0)
  throw new Error("usage: bootstrap.mjs <event.json> [warm invocations]");
run(eventFile, warmCount).then(
  (message) => report(message, 0),
  (error: unknown) => {
    const failure =
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : { message: String(error) };
    report({ error: failure }, 1);
  },
);
