import { createSocket } from "node:dgram";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUTHORIZER_HANDLER, packageAll } from "../scripts/package.js";
import { type ColdStartResult, coldStart } from "../scripts/package-lambda-invoke.js";
import { type LambdaLayout, prepareLambdaLayout, readManifest } from "../scripts/package-lambda-layout.js";
import { SMOKE_OPENAI_KEY, smokeEvent, terraformEnvironment } from "../test/deploy/support/smoke-setup.js";
import { startSmokeStack } from "../test/deploy/support/smoke-stack.js";
import { emptyPackage, naivePackage } from "./cold-start/baselines.js";

/**
 * Cold start and warm cost per function, against the chat handler a user would write by hand with the
 * official SDK (bench/cold-start/naive-handler.ts). Each cold start spawns a fresh `node` process on
 * the unpacked package (Lambda-like layout, Terraform's environment, the OpenAI key from a Parameter
 * Store stand-in, the offline model) and times it to its first response; the same process then
 * answers the same event again and again, as a warm sandbox does, and the CPU of each of those
 * invocations is what the function costs per request. The runs of all functions are interleaved, so a
 * change in the machine's load falls on all of them alike. An empty handler shows what Node itself costs;
 * openai_function, which calls the model twice, is also set against a hand-written handler that does
 * (bench/cold-start/naive-tool-handler.ts).
 */

const RUNS = Number(process.env.BENCH_COLD_STARTS ?? 7);
const WARM_INVOCATIONS = Number(process.env.BENCH_WARM_INVOCATIONS ?? 50);
/** BENCH_TRACING=true adds each chat function again with TRACING on, its segments sent to a local socket. */
const TRACED = process.env.BENCH_TRACING === "true";
/** BENCH_UNMETERED=true adds each chat function again with USAGE_METERING off: what the meter's write costs. */
const UNMETERED = process.env.BENCH_UNMETERED === "true";
const CHAT_FUNCTIONS = ["openai_v2", "langchain", "openai_function"];
const MB = 1_000_000;

interface Targets {
  zipBytes: number;
  /** Ratios to the naive handler's figures. */
  firstResponse?: number;
  warmCpu?: number;
  /** A hand-written handler doing the same work, whose ratios are printed too. */
  alsoAgainst?: string;
}

const TARGETS: Record<string, Targets> = {
  openai_v2: { zipBytes: 1 * MB, firstResponse: 1.5, warmCpu: 1.0 },
  info: { zipBytes: 1 * MB },
  langchain: { zipBytes: 3 * MB, firstResponse: 2.5, warmCpu: 1.0 },
  openai_function: { zipBytes: 3 * MB, firstResponse: 2.5, warmCpu: 1.0, alsoAgainst: "naive tool handler" },
};

const EMPTY = "empty handler";
const NAIVE = "naive handler";
/** The same two model calls as openai_function, by hand (bench/cold-start/naive-tool-handler.ts). */
const NAIVE_TOOLS = "naive tool handler";

interface Subject {
  name: string;
  layout: LambdaLayout;
  event: unknown;
  zipBytes: number;
  unpackedBytes: number;
  runs: ColdStartResult[];
}

interface Figures {
  firstResponse: number;
  fastest: number;
  imported: number;
  cpu: number;
  /** Per invocation: the mean of each process (GC included), then the median of the processes. */
  warmCpu: number;
  warmElapsed: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

function figures(runs: ColdStartResult[]): Figures {
  return {
    firstResponse: median(runs.map((r) => r.firstResponseMs)),
    fastest: Math.min(...runs.map((r) => r.firstResponseMs)),
    imported: median(runs.map((r) => r.importedMs ?? Number.NaN)),
    cpu: median(runs.map((r) => r.cpuMs ?? Number.NaN)),
    warmCpu: median(runs.map((r) => mean(r.warm?.cpuMs ?? []))),
    warmElapsed: median(runs.map((r) => median(r.warm?.elapsedMs ?? []))),
  };
}

async function invokeOnce(subject: Subject): Promise<void> {
  const run = await coldStart(subject.layout, subject.event, { warmInvocations: WARM_INVOCATIONS });
  const failed = [run.result?.statusCode ?? 0, ...(run.warm?.statusCodes ?? [])].find((code) => code !== 200);
  if (run.error || failed !== undefined)
    throw new Error(
      `${subject.name} did not answer 200: ${run.error?.message ?? failed} ${run.result?.body}\n${run.output}`,
    );
  subject.runs.push(run);
}

const ms = (value: number, digits = 0) => `${value.toFixed(digits)} ms`;
const ratio = (value: number, naive: number) => `${(value / naive).toFixed(2)}x naive`;
const verdict = (ok: boolean, target: string) => `[${target} ${ok ? "ok" : "OVER"}]`.padEnd(13);

function line(subject: Subject, f: Figures, naive: Figures, peer: Figures | undefined): string {
  const targets = TARGETS[subject.name];
  const first = f.firstResponse / naive.firstResponse;
  const warm = f.warmCpu / naive.warmCpu;
  const cells = [
    subject.name.padEnd(TRACED || UNMETERED ? 26 : 16),
    `${(subject.zipBytes / 1024).toFixed(0)} KiB zip`.padStart(13),
    `${(subject.unpackedBytes / 1024).toFixed(0)} KiB`.padStart(9),
    targets ? verdict(subject.zipBytes < targets.zipBytes, `< ${targets.zipBytes / MB} MB`) : "".padEnd(13),
    `  first response ${ms(f.firstResponse).padStart(6)} (${ms(f.fastest)})`.padEnd(33),
    ratio(f.firstResponse, naive.firstResponse).padStart(11),
    targets?.firstResponse
      ? verdict(first <= targets.firstResponse, `≤ ${targets.firstResponse}x`)
      : "".padEnd(13),
    `  import ${ms(f.imported).padStart(6)}  cpu ${ms(f.cpu).padStart(6)}`,
    `  warm cpu ${ms(f.warmCpu, 2).padStart(8)}`,
    ratio(f.warmCpu, naive.warmCpu).padStart(11),
    targets?.warmCpu ? verdict(warm <= targets.warmCpu, `≤ ${targets.warmCpu.toFixed(1)}x`) : "".padEnd(13),
    `  warm time ${ms(f.warmElapsed, 2).padStart(8)}`,
    ...(peer && targets?.alsoAgainst
      ? [
          `  vs ${targets.alsoAgainst}: first response ${(f.firstResponse / peer.firstResponse).toFixed(2)}x, warm cpu ${(f.warmCpu / peer.warmCpu).toFixed(2)}x`,
        ]
      : []),
  ];
  return `${cells.join(" ").trimEnd()}\n`;
}

export default async function run(): Promise<void> {
  const packageDir = await mkdtemp(join(tmpdir(), "cold-start-packages-"));
  const emptyDir = await mkdtemp(join(tmpdir(), "cold-start-empty-"));
  const naiveDir = await mkdtemp(join(tmpdir(), "cold-start-naive-"));
  const naiveToolsDir = await mkdtemp(join(tmpdir(), "cold-start-naive-tools-"));
  const [manifest, stack] = await Promise.all([
    packageAll(packageDir),
    startSmokeStack(),
    emptyPackage(emptyDir, "empty"),
    naivePackage(naiveDir, "naive"),
    naivePackage(naiveToolsDir, "naive-tools", { entry: "naive-tool-handler.ts" }),
  ]);
  // Stands in for the X-Ray daemon: the traced functions' datagrams are received, as Lambda's are.
  const daemon = createSocket("udp4");
  await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
  const daemonAddress = `127.0.0.1:${(daemon.address() as AddressInfo).port}`;
  const subjects: Subject[] = [];
  try {
    const add = async (
      name: string,
      dir: string,
      functionName: string,
      environment: Record<string, string>,
      overrides: Record<string, string>,
      event: unknown,
    ) => {
      const layout = await prepareLambdaLayout({
        packageDir: dir,
        functionName,
        functionEnvironment: environment,
        overrides,
      });
      const info = (await readManifest(dir)).functions[functionName];
      if (!info) throw new Error(`${functionName} is not in ${dir}/manifest.json`);
      subjects.push({
        name,
        layout,
        event,
        zipBytes: info.zipBytes,
        unpackedBytes: info.unpackedBytes,
        runs: [],
      });
    };
    await add(
      EMPTY,
      emptyDir,
      "empty",
      terraformEnvironment("openai_v2"),
      stack.overrides("openai_v2"),
      smokeEvent("openai_v2"),
    );
    // The naive handler reads the key from its environment, as a hand-written handler would.
    await add(
      NAIVE,
      naiveDir,
      "naive",
      { OPENAI_API_KEY: SMOKE_OPENAI_KEY },
      { OPENAI_BASE_URL: stack.overrides("openai_v2").OPENAI_BASE_URL ?? "" },
      smokeEvent("openai_v2"),
    );
    await add(
      NAIVE_TOOLS,
      naiveToolsDir,
      "naive-tools",
      { OPENAI_API_KEY: SMOKE_OPENAI_KEY },
      { OPENAI_BASE_URL: stack.overrides("openai_function").OPENAI_BASE_URL ?? "" },
      smokeEvent("openai_function"),
    );
    for (const name of Object.keys(manifest.functions).filter((fn) => fn !== AUTHORIZER_HANDLER))
      await add(name, packageDir, name, terraformEnvironment(name), stack.overrides(name), smokeEvent(name));
    const variants = [
      ...(TRACED ? [{ suffix: "traced", TRACING: "true", AWS_XRAY_DAEMON_ADDRESS: daemonAddress }] : []),
      ...(UNMETERED ? [{ suffix: "unmetered", USAGE_METERING: "false" }] : []),
    ];
    for (const { suffix, ...variant } of variants)
      for (const name of CHAT_FUNCTIONS)
        await add(
          `${name} ${suffix}`,
          packageDir,
          name,
          terraformEnvironment(name),
          { ...stack.overrides(name), ...variant },
          smokeEvent(name),
        );

    for (let i = 0; i < RUNS; i++) for (const subject of subjects) await invokeOnce(subject);

    const naiveSubject = subjects.find((subject) => subject.name === NAIVE);
    if (!naiveSubject) throw new Error("the naive handler was not measured");
    const naive = figures(naiveSubject.runs);
    process.stdout.write(
      `${RUNS} cold starts each, the functions interleaved (median; fastest in brackets); first response = spawn to the response, parent's clock\n` +
        `then ${WARM_INVOCATIONS} warm invocations in each process: warm cpu = user + system per invocation (mean of a process, median of the processes), warm time = handler call to the whole response written (median); warm cpu counts the whole invocation, the meter's write after the response included\n`,
    );
    const figuresOf = (name: string | undefined) => {
      const subject = subjects.find((candidate) => candidate.name === name);
      return subject ? figures(subject.runs) : undefined;
    };
    for (const subject of subjects)
      process.stdout.write(
        line(subject, figures(subject.runs), naive, figuresOf(TARGETS[subject.name]?.alsoAgainst)),
      );
  } finally {
    await stack.close();
    daemon.close();
    await Promise.all(
      [packageDir, emptyDir, naiveDir, naiveToolsDir, ...subjects.map((subject) => subject.layout.root)].map(
        (dir) => rm(dir, { recursive: true, force: true }),
      ),
    );
  }
}
