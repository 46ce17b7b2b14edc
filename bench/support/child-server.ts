import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { SERVER_BUILD_OPTIONS } from "../../scripts/server-build-options.js";
import type { CpuReport } from "./cpu-report.js";

export interface ChildServer {
  url: string;
  /** Writes a line to the server's standard input and resolves with the next line it prints. */
  ask(line: string): Promise<string>;
  /** The CPU time its process has used so far, in µs, for a child that answers CPU queries. */
  cpuMicros(): Promise<number>;
  stop(): void;
}

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Compiles a bench server script as `npm start` compiles the local server (scripts/build.ts), so a
 * bench measures the code that runs rather than a development loader's output.
 */
async function compiled(script: string): Promise<string> {
  const outfile = `${root}dist/bench/${script.replace(/\.ts$/, ".mjs")}`;
  await build({ ...SERVER_BUILD_OPTIONS, entryPoints: [`${root}bench/servers/${script}`], outfile });
  return outfile;
}

/** Starts one bench server script, compiled, in its own Node process and waits for the URL it prints. */
export async function startChildServer(script: string, args: string[] = []): Promise<ChildServer> {
  const child: ChildProcess = spawn(process.execPath, [await compiled(script), ...args], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, LOG_LEVEL: "SILENT" },
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    lines.once("line", (line) => resolve((JSON.parse(line) as { url: string }).url));
  });
  return {
    url,
    ask: (line) =>
      new Promise((resolve) => {
        lines.once("line", resolve);
        child.stdin?.write(`${line}\n`);
      }),
    // Other lines (the local server's access log) may come first.
    cpuMicros: () =>
      new Promise((resolve) => {
        const onLine = (line: string) => {
          if (!line.startsWith('{"cpuMicros":')) return;
          lines.off("line", onLine);
          resolve((JSON.parse(line) as CpuReport).cpuMicros);
        };
        lines.on("line", onLine);
        child.stdin?.write("cpu\n");
      }),
    stop: () => child.kill("SIGKILL"),
  };
}
