import { smokeEvent, terraformEnvironment } from "../test/deploy/support/smoke-setup.js";
import { startSmokeStack } from "../test/deploy/support/smoke-stack.js";
import { coldStart } from "./package-lambda-invoke.js";
import { prepareLambdaLayout } from "./package-lambda-layout.js";

const stack = await startSmokeStack();
for (const name of ["openai_function", "langchain"]) {
  const layout = await prepareLambdaLayout({
    packageDir: "dist/lambda",
    functionName: name,
    functionEnvironment: { ...terraformEnvironment(name), LOG_LEVEL: "DEBUG" },
    overrides: stack.overrides(name),
  });
  const r = await coldStart(layout, smokeEvent(name));
  console.log(name, r.result?.statusCode, r.respondedMs, "\n", r.output.slice(0, 1500));
}
await stack.close();
