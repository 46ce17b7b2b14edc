import { readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Where the time of a V8 `.cpuprofile` (`node --cpu-prof`) went, by package: each sample goes to the
 * function on top of the stack (self) and to every package on the stack (total), in time windows (for
 * a cold start: init, first invocation, warm invocations). A bundle's frames are mapped through its
 * source map to the file they came from, then to their npm package or to their folder under src/.
 * Bundled ES modules run their top-level code in the bundle's one top-level function; its samples are
 * split by the line they were taken on, which only tells the modules apart in a bundle printed one
 * statement per line (see reprintBundle in profile.ts): minified, whole modules share a line. A lazy
 * compile counts for the caller: an esbuild module wrapper's self time is mostly compiling the module
 * it is about to run.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A time window on the profile's clock (µs, CLOCK_MONOTONIC, as `process.hrtime`). */
export interface Phase {
  name: string;
  fromUs: number;
  toUs: number;
}

export interface Entry {
  name: string;
  selfMs: number;
  totalMs: number;
}

export interface PhaseSummary {
  name: string;
  ms: number;
  entries: Entry[];
}

/** The package of a file in node_modules, or its folder under src/, or the file as it is. */
export function packageOf(source: string): string {
  const inModules = source.lastIndexOf("node_modules/");
  if (inModules >= 0) {
    const parts = source.slice(inModules + "node_modules/".length).split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? source);
  }
  const inSrc = source.indexOf("src/");
  if (inSrc >= 0) return source.slice(inSrc, source.lastIndexOf("/"));
  return source;
}

const SPECIAL = new Set(["(garbage collector)", "(program)", "(idle)", "(root)"]);
const TOP_LEVEL = "(bundle top level)";
/** Node functions named for what they do to a cold start: their self time is V8 compiling. */
const NODE_WORK = new Map([
  ["compileSourceTextModule", "(compile ES module: parse the bundle)"],
  ["compileForInternalLoader", "(load Node built-in modules)"],
]);

/**
 * Names frames by package. `labels` names scripts by file URL: a script with a source map next to it
 * is mapped, and the label is for what the map does not cover.
 */
export class FrameNames {
  readonly #maps = new Map<string, { map: SourceMap; lines: string[] } | null>();
  readonly #labels: Map<string, string>;
  readonly #byFunction: boolean;

  /** `byFunction` names a mapped frame by its original file, line and function instead of its package. */
  constructor(labels: Map<string, string>, byFunction = false) {
    this.#labels = labels;
    this.#byFunction = byFunction;
  }

  #bundle(url: string) {
    let found = this.#maps.get(url);
    if (found === undefined) {
      found = null;
      try {
        const file = fileURLToPath(url);
        const payload = JSON.parse(readFileSync(`${file}.map`, "utf8")) as SourceMapPayload;
        found = { map: new SourceMap(payload), lines: readFileSync(file, "utf8").split("\n") };
      } catch {
        // No map next to the script: its frames keep its label.
      }
      this.#maps.set(url, found);
    }
    return found;
  }

  #at(url: string, line: number, column: number): string {
    const entry = this.#bundle(url)?.map.findEntry(line, column);
    // The nearest mapping may be lines back: esbuild's own helpers map to no source.
    if (!(entry && "originalSource" in entry && entry.generatedLine === line))
      return this.#labels.get(url) ?? url;
    if (!this.#byFunction) return packageOf(entry.originalSource);
    const file = entry.originalSource.slice(entry.originalSource.lastIndexOf("/") + 1);
    const name = "name" in entry && typeof entry.name === "string" ? ` ${entry.name}` : "";
    return `${packageOf(entry.originalSource)} ${file}:${entry.originalLine + 1}${name}`;
  }

  /** The package a frame's function belongs to (by where the function starts). */
  ofFunction(frame: CallFrame): string {
    if (SPECIAL.has(frame.functionName)) return frame.functionName;
    const node = NODE_WORK.get(frame.functionName);
    if (node && frame.url.startsWith("node:")) return node;
    if (this.#labels.has(frame.url))
      return frame.lineNumber === 0 && frame.columnNumber === 0
        ? TOP_LEVEL
        : this.#at(frame.url, frame.lineNumber, frame.columnNumber);
    if (frame.url.startsWith("node:")) {
      const path = frame.url.replace(/^node:(internal\/)?/, "").split("/");
      return `node:${path.slice(0, path[0] === "deps" ? 2 : 1).join("/")}`;
    }
    return frame.url;
  }

  /** The package a line of a bundle (1-based, as in positionTicks) came from. */
  ofLine(url: string, line: number): string {
    const text = this.#bundle(url)?.lines[line - 1] ?? "";
    return this.#at(url, line - 1, text.length - text.trimStart().length);
  }
}

/**
 * Self and total time per package in each phase. Native frames (no URL) count for the JavaScript
 * that called them. `topLevelByLine` splits the bundle's top-level function by line, for a bundle
 * printed one statement per line.
 */
export function summarize(
  profile: CpuProfile,
  phases: Phase[],
  labels: Map<string, string>,
  { topLevelByLine = true, byFunction = false } = {},
): PhaseSummary[] {
  const names = new FrameNames(labels, byFunction);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

  const ownName = new Map<number, string>();
  const nameOf = (id: number): string => {
    let name = ownName.get(id);
    if (name === undefined) {
      const node = nodes.get(id);
      name = node ? names.ofFunction(node.callFrame) : "";
      if (name === "") {
        const parent = parents.get(id);
        name = parent === undefined ? "(native)" : nameOf(parent);
      }
      ownName.set(id, name);
    }
    return name;
  };
  /** Self time of a sample by package: a top-level sample split over the lines its node's ticks fell on. */
  const selfShares = (id: number): Map<string, number> => {
    const node = nodes.get(id);
    const own = nameOf(id);
    const shares = new Map<string, number>();
    if (!node || own !== TOP_LEVEL || !topLevelByLine || !node.positionTicks?.length)
      return shares.set(own, 1);
    const ticks = node.positionTicks.reduce((sum, tick) => sum + tick.ticks, 0);
    for (const tick of node.positionTicks) {
      const name = names.ofLine(node.callFrame.url, tick.line);
      shares.set(name, (shares.get(name) ?? 0) + tick.ticks / ticks);
    }
    return shares;
  };
  /** Every package on the stack once, with the weight its sample counts for (shares on top). */
  const stackWeights = (id: number): Map<string, number> => {
    const found = selfShares(id);
    for (let at = parents.get(id); at !== undefined; at = parents.get(at)) found.set(nameOf(at), 1);
    found.delete("(root)");
    return found;
  };

  const summaries = phases.map((phase) => ({
    phase,
    ms: 0,
    self: new Map<string, number>(),
    total: new Map<string, number>(),
  }));
  const add = (map: Map<string, number>, name: string, ms: number) =>
    map.set(name, (map.get(name) ?? 0) + ms);
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const summary = summaries.find(({ phase }) => at >= phase.fromUs && at < phase.toUs);
    if (!summary || nameOf(id) === "(idle)") return;
    summary.ms += ms;
    for (const [name, share] of selfShares(id)) add(summary.self, name, ms * share);
    for (const [name, weight] of stackWeights(id)) add(summary.total, name, ms * weight);
  });

  return summaries.map(({ phase, ms, self, total }) => ({
    name: phase.name,
    ms,
    entries: [...new Set([...self.keys(), ...total.keys()])]
      .map((name) => ({ name, selfMs: self.get(name) ?? 0, totalMs: total.get(name) ?? 0 }))
      .sort((a, b) => b.selfMs - a.selfMs),
  }));
}
