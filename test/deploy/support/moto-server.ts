import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";

/** moto_server, the AWS emulator, as a child process on loopback. */

export interface MotoServer {
  url: string;
  stop(): Promise<void>;
}

/** Why the apply test cannot run, in words nobody can miss; undefined when moto_server is there. */
export function motoServerMissing(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v moto_server"], { encoding: "utf8" });
  if (found.status === 0) return undefined;
  return [
    "moto_server is NOT installed (or not on PATH): the apply test against the AWS emulator did NOT run.",
    "Install it with `pip install 'moto[server]==5.2.1'` and retry (docs/deploy.md, Checking the Terraform).",
  ].join("\n");
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/moto-api/`)).ok;
  } catch {
    return false;
  }
}

export async function startMotoServer(port: number, logFile: string): Promise<MotoServer> {
  const url = `http://127.0.0.1:${port}`;
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 30_000;
  while (!(await answers(url))) {
    if (child.exitCode !== null)
      throw new Error(`moto_server exited (code ${child.exitCode}); see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`moto_server did not answer on ${url} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      log.end();
    },
  };
}
