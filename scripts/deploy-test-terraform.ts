import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  requireTerraform,
  TerraformError,
  terraform,
  terraformDir,
  terraformInit,
} from "./deploy-terraform.js";
import { awsOpenApiTemplate, OPENAPI_TEMPLATE_FILE } from "./openapi-aws.js";

/** `npm run test:terraform`: format, validate and the mock-provider tests of terraform/, all offline. */
try {
  console.log(requireTerraform());
  // The tests check the REST API document a deploy would send: the current catalog's (git-ignored).
  for (const fixture of ["packages", "layer-only"])
    writeFileSync(
      join(terraformDir, "tests", "fixtures", fixture, OPENAPI_TEMPLATE_FILE),
      `${awsOpenApiTemplate()}\n`,
    );
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
