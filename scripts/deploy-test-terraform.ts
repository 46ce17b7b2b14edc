import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  requireTerraform,
  TerraformError,
  terraform,
  terraformDir,
  terraformInit,
} from "./deploy-terraform.js";
import { awsOpenApiTemplates } from "./openapi-aws.js";

/** `npm run test:terraform`: format, validate and the mock-provider tests of terraform/, all offline. */
try {
  console.log(requireTerraform());
  // The tests check the REST API document a deploy would send: the current catalog's (git-ignored).
  for (const fixture of ["packages", "layer-only"])
    for (const [file, template] of Object.entries(awsOpenApiTemplates()))
      writeFileSync(join(terraformDir, "tests", "fixtures", fixture, file), template);
  terraform(["fmt", "-check", "-recursive", "-diff"]);
  // The apply test's override files are Terraform too (test/deploy/moto-apply.test.ts).
  terraform(["fmt", "-check", "-diff", "../test/deploy/moto"]);
  terraformInit(["-backend=false"]);
  terraform(["validate", "-no-color"]);
  terraform(["test", "-no-color"]);
  console.log("Terraform checks passed.");
} catch (error) {
  console.error(error instanceof TerraformError ? error.message : error);
  process.exitCode = 1;
}
