import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Running the terraform CLI for `npm run deploy` and `npm run test:terraform`. */

export const terraformDir = fileURLToPath(new URL("../terraform/", import.meta.url));

export class TerraformError extends Error {
  override readonly name = "TerraformError";
}

const banner = (lines: string[]) => {
  const rule = "!".repeat(78);
  return [rule, ...lines.map((line) => `!! ${line}`), rule].join("\n");
};

/** Fails with a message nobody can miss when the CLI is absent: a silent skip would pass untested HCL. */
export function requireTerraform(): string {
  const result = spawnSync("terraform", ["version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new TerraformError(
      banner([
        "terraform is NOT installed (or not on PATH): the Terraform checks did NOT run.",
        "Install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) and retry.",
        `Cause: ${result.error?.message ?? result.stderr.trim()}`,
      ]),
    );
  }
  return result.stdout.split("\n")[0] ?? "terraform";
}

/** The offline provider mirror (a folder named tf-plugins near the file-system root), if this machine has one. */
export function findPluginMirror(): string | undefined {
  const result = spawnSync("find", ["/", "-maxdepth", "3", "-name", "tf-plugins", "-type", "d"], {
    encoding: "utf8",
  });
  // find exits non-zero on unreadable folders while still printing what it found.
  return result.stdout
    .split("\n")
    .map((line) => line.trim())
    .find((line) => line.length > 0);
}

export interface TerraformRun {
  /** Extra environment, e.g. TF_VAR_package_dir. */
  env?: Record<string, string>;
  /** Capture stdout instead of streaming it (for `output -json`). */
  capture?: boolean;
}

export function terraform(args: string[], run: TerraformRun = {}): string {
  console.log(`$ terraform ${args.join(" ")}`);
  const result = spawnSync("terraform", [`-chdir=${terraformDir}`, ...args], {
    encoding: "utf8",
    stdio: ["inherit", run.capture ? "pipe" : "inherit", "inherit"],
    env: { ...process.env, TF_IN_AUTOMATION: "1", ...run.env },
  });
  if (result.error) throw new TerraformError(`terraform ${args[0]} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new TerraformError(`terraform ${args[0]} failed (exit ${result.status})`);
  return result.stdout ?? "";
}

/** `terraform init`, from the offline mirror when there is one, else from the registry. */
export function terraformInit(extra: string[] = []): void {
  const mirror = findPluginMirror();
  if (mirror) {
    console.log(`Using the offline provider mirror ${mirror}`);
    terraform(["init", "-input=false", `-plugin-dir=${mirror}`, ...extra]);
  } else {
    console.warn(
      "No tf-plugins mirror found (find / -maxdepth 3 -name tf-plugins): installing providers from the registry.",
    );
    terraform(["init", "-input=false", ...extra]);
  }
}
