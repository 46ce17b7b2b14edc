import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { emptyDir } from "../support/settings.js";

const TSX_LOADER = fileURLToPath(new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url));
const MAIN = fileURLToPath(new URL("../../src/local/main.ts", import.meta.url));

export interface ChildService {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
}

/**
 * Runs the real local server (`src/local/main.ts`, as `npm start` does after its build) as a child
 * process, in an empty working directory so no developer `.env` or tfvars is read, and with only the
 * given environment. Resolves once it has printed its start-up lines.
 */
export async function startChildService(
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<ChildService> {
  const child = spawn(process.execPath, ["--import", TSX_LOADER, MAIN], {
    cwd: emptyDir("aws-openai-child-"),
    env: {
      PATH: process.env.PATH ?? "",
      HOME: emptyDir("aws-openai-home-"),
      PORT: "0",
      HOST: "127.0.0.1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start-up line within ${timeoutMs} ms:\n${stdout}\n${stderr}`)),
      timeoutMs,
    );
    const check = () => {
      const found = /listening on (http:\/\/\S+)\nmodel upstream: /.exec(stdout);
      if (!found?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off("data", check);
      resolve(found[1]);
    };
    child.stdout?.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before starting:\n${stdout}\n${stderr}`));
    });
  });
  return {
    url,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
