import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type CpuProfile, FrameNames, type Phase, summarize } from "./cold-start/cpuprofile.js";
import { chatBody } from "./gateway.bench.js";
import { startChildServer } from "./support/child-server.js";
import { measure } from "./support/load.js";

/**
 * Profiles the local API server of the gateway bench under its load: the server runs under
 * `node --cpu-prof` while autocannon sends the bench's request for --seconds, and the CPU it spent
 * is printed by package (self and total, µs per request), so what the local stand-in costs can be
 * told from what also runs in Lambda.
 * Usage: npx tsx bench/gateway-profile.ts [--connections 50] [--seconds 10] [--top 25] [--interval 200]
 */
const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "10" },
    top: { type: "string", default: "25" },
    interval: { type: "string", default: "200" },
  },
});
const LOCAL_STORE = ["dynalite", "classic-level", "abstract-level", "level", "levelup", "lazy"];

/** Which side of the split a frame's package is on, or undefined for a Node internal. */
function sideOf(name: string): string | undefined {
  if (name.startsWith("src/local")) return "(a) local stand-in: src/local";
  if (name.startsWith("src/")) return "(b) Lambda path: src/ (core, adapters, common, handlers, services)";
  const modules = name.indexOf("node_modules/");
  if (modules < 0) return undefined;
  const pkg = name.slice(modules + "node_modules/".length).split("/")[0] ?? "";
  if (LOCAL_STORE.includes(pkg)) return "(a) local DynamoDB stand-in: dynalite";
  if (pkg === "openai") return "(b) Lambda path: openai SDK";
  if (pkg === "@aws-sdk" || pkg === "@smithy") return "(b) Lambda path: AWS SDK";
  return "(b) Lambda path: other packages (zod, powertools)";
}

/**
 * Each sample under load goes to the first frame from the top of its stack whose package tells the
 * side: a Node internal counts for the code that called it (a socket write for the local server's
 * answer or for the SDK's request); a stack of Node internals only, by the HTTP side it is on.
 */
function split(profile: CpuProfile, phase: Phase, names: FrameNames): Map<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const sideOfSample = (id: number): string | undefined => {
    const top = nodes.get(id)?.callFrame.functionName ?? "";
    if (top === "(idle)") return undefined;
    if (top.startsWith("(")) return top;
    const internals = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const frame = nodes.get(at)?.callFrame;
      if (!frame) break;
      const name = names.ofFunction(frame);
      const side = sideOf(name);
      if (side) return side;
      internals.add(name);
    }
    if (internals.has("node:_http_server")) return "(a) local stand-in: node:http server";
    if (internals.has("node:_http_client") || internals.has("node:_http_agent"))
      return "(b) Lambda path: node:http client";
    return "Node internals, unattributed";
  };
  const totals = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < phase.fromUs || at >= phase.toUs) return;
    const side = sideOfSample(id);
    if (side) totals.set(side, (totals.get(side) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return totals;
}

const model = await startChildServer("offline-model.ts");
await startChildServer("local-api.ts", [model.url]).then((compiled) => compiled.stop());
const script = join(process.cwd(), "dist/bench/local-api.mjs");
const profileDir = await mkdtemp(join(tmpdir(), "gateway-profile-"));
const server = spawn(
  process.execPath,
  ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-interval=${values.interval}`, script, model.url],
  { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, LOG_LEVEL: "SILENT" } },
);
const lines = createInterface({ input: server.stdout });
const url = await new Promise<string>((resolve) =>
  lines.once("line", (line) => resolve((JSON.parse(line) as { url: string }).url)),
);
const target = `${url}/passthrough`;
await measure(target, chatBody, 10, 1);
const loadFromUs = Number(process.hrtime.bigint() / 1000n);
const result = await measure(target, chatBody, Number(values.connections), Number(values.seconds));
const loadToUs = Number(process.hrtime.bigint() / 1000n);
const exited = new Promise((resolve) => server.once("exit", resolve));
server.kill("SIGINT");
await exited;
model.stop();

const file = (await readdir(profileDir)).find((name) => name.endsWith(".cpuprofile"));
if (!file) throw new Error("the server wrote no profile");
const profile = JSON.parse(await readFile(join(profileDir, file), "utf8")) as CpuProfile;
const phase = { name: "under load", fromUs: loadFromUs, toUs: loadToUs };
const labels = new Map([[pathToFileURL(script).href, "local-api"]]);
const [summary] = summarize(profile, [phase], labels, { topLevelByLine: false });
const { requests } = result;
const perRequest = (ms: number) => ((ms * 1000) / requests).toFixed(0).padStart(6);
const wallMs = (loadToUs - loadFromUs) / 1000;
process.stdout.write(
  `${result.requestsPerSecond.toFixed(0)} req/s at ${values.connections} connections; profile ${join(profileDir, file)}\n` +
    `busy ${summary?.ms.toFixed(0)} ms of ${wallMs.toFixed(0)} ms; µs per request (self, total):\n`,
);
for (const entry of summary?.entries.slice(0, Number(values.top)) ?? [])
  process.stdout.write(`${perRequest(entry.selfMs)} ${perRequest(entry.totalMs)}  ${entry.name}\n`);
process.stdout.write("\nthe split, µs per request:\n");
const sides = [...split(profile, phase, new FrameNames(labels))].sort(([a], [b]) => a.localeCompare(b));
for (const [side, ms] of sides) process.stdout.write(`${perRequest(ms)}  ${side}\n`);
