import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import {
  requireTerraform,
  TerraformError,
  terraform,
  terraformDir,
  terraformInit,
} from "./deploy-terraform.js";
import { defaultPackageDir, packageAll } from "./package.js";

/**
 * `npm run deploy [-- --yes | --plan-only]`: package the functions, then terraform init, plan and
 * (after you confirm, or with --yes) apply, and print how to call the API.
 */

const args = new Set(process.argv.slice(2));
// Relative to terraform/, inside the ignored dist/ folder.
const PLAN_FILE = "../dist/deploy.tfplan";

function openAiKeyConfigured(): boolean {
  if (process.env.TF_VAR_openai_api_key) return true;
  const tfvars = join(terraformDir, "terraform.tfvars");
  return existsSync(tfvars) && /^\s*openai_api_key\s*=/m.test(readFileSync(tfvars, "utf8"));
}

async function confirmed(): Promise<boolean> {
  if (args.has("--yes")) return true;
  if (!process.stdin.isTTY) {
    console.log(`Not applying: no terminal to confirm on. Re-run with --yes to apply ${PLAN_FILE}.`);
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question("Apply this plan? Only 'yes' applies: ");
  prompt.close();
  return answer.trim() === "yes";
}

interface Outputs {
  api_url: { value: string };
  api_key_id: { value: string };
  custom_domain_url: { value: string | null };
}

function printUsage(outputs: Outputs): void {
  const url = outputs.custom_domain_url.value ?? outputs.api_url.value;
  console.log(`
API: ${url}
API key id: ${outputs.api_key_id.value}

  API_KEY=$(aws apigateway get-api-key --api-key ${outputs.api_key_id.value} --include-value --query value --output text)
  curl -s -X POST "${url}/passthrough" -H "x-api-key: $API_KEY" -H "Content-Type: application/json" \\
    -d '{"messages":[{"role":"user","content":"Say hello."}]}'

Streamed (same routes, same key):

  curl -N -X POST "${url}/passthrough" -H "x-api-key: $API_KEY" -H "Content-Type: application/json" \\
    -d '{"stream":true,"messages":[{"role":"user","content":"Say hello."}]}'
`);
}

async function main(): Promise<void> {
  console.log(requireTerraform());
  if (!openAiKeyConfigured())
    throw new TerraformError(
      "No OpenAI key for the deploy: set openai_api_key in terraform/terraform.tfvars or export TF_VAR_openai_api_key (docs/deploy.md).",
    );

  console.log(`Packaging into ${defaultPackageDir}`);
  await packageAll(defaultPackageDir, (line) => console.log(`  ${line}`));

  terraformInit();
  terraform(["plan", "-input=false", `-out=${PLAN_FILE}`]);
  if (args.has("--plan-only")) return;
  if (!(await confirmed())) return;
  terraform(["apply", "-input=false", PLAN_FILE]);
  printUsage(JSON.parse(terraform(["output", "-json"], { capture: true })) as Outputs);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
