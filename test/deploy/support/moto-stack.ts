import { spawn } from "node:child_process";
import { copyFile, mkdir, readdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { findPluginMirror } from "../../../scripts/deploy-terraform.js";

/**
 * The Terraform stack in a folder of its own, as a fresh clone has it (the *.tf files and the lock
 * file, never a developer's tfvars or state), with the override files that point it at moto.
 */

const repoDir = fileURLToPath(new URL("../../../", import.meta.url));
const overridesDir = fileURLToPath(new URL("../moto/", import.meta.url));

export interface TerraformResult {
  exitCode: number;
  seconds: number;
  /** The command's output, stdout and stderr. */
  output: string;
}

export interface MotoStack {
  terraformDir: string;
  terraform(args: string[], variables?: Record<string, string>): Promise<TerraformResult>;
}

export async function prepareMotoStack(
  root: string,
  { packageDir, openAiKey }: { packageDir: string; openAiKey: string },
): Promise<MotoStack> {
  const terraformDir = join(root, "terraform");
  await mkdir(terraformDir, { recursive: true });
  const sources = (await readdir(join(repoDir, "terraform"))).filter(
    (name) => name.endsWith(".tf") || name === ".terraform.lock.hcl",
  );
  for (const name of sources) await copyFile(join(repoDir, "terraform", name), join(terraformDir, name));
  for (const name of await readdir(overridesDir))
    await copyFile(join(overridesDir, name), join(terraformDir, name));
  // The module reads ../catalog and ../plugins.
  for (const shared of ["catalog", "plugins"]) await symlink(join(repoDir, shared), join(root, shared));

  const mirror = findPluginMirror();
  const environment = {
    ...process.env,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    TF_VAR_package_dir: packageDir,
    // The key is a variable of every command, destroy included (it is not kept in the state).
    TF_VAR_openai_api_key: openAiKey,
  };
  const terraform = (args: string[], variables: Record<string, string> = {}) =>
    new Promise<TerraformResult>((resolve, reject) => {
      const started = performance.now();
      const withMirror = args[0] === "init" && mirror ? [...args, `-plugin-dir=${mirror}`] : args;
      const child = spawn("terraform", [...withMirror, "-no-color"], {
        cwd: terraformDir,
        env: {
          ...environment,
          ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [`TF_VAR_${name}`, value])),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      const collect = (chunk: Buffer) => {
        output += chunk.toString("utf8");
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      child.once("error", reject);
      child.once("close", (code) =>
        resolve({ exitCode: code ?? -1, seconds: (performance.now() - started) / 1000, output }),
      );
    });
  return { terraformDir, terraform };
}
