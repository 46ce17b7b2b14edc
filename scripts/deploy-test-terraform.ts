import { requireTerraform, TerraformError, terraform, terraformInit } from "./deploy-terraform.js";

/** `npm run test:terraform`: format, validate and the mock-provider tests of terraform/, all offline. */
try {
  console.log(requireTerraform());
  terraform(["fmt", "-check", "-recursive", "-diff"]);
  terraformInit(["-backend=false"]);
  terraform(["validate", "-no-color"]);
  terraform(["test", "-no-color"]);
  console.log("Terraform checks passed.");
} catch (error) {
  console.error(error instanceof TerraformError ? error.message : error);
  process.exitCode = 1;
}
