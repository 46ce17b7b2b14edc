import { loadSettings } from "../common/settings/load.js";
import { startLocalService } from "./start.js";

const SHUTDOWN_GRACE_MS = 10_000;

// The SDK's clients warn on Node 20 that its 2027 releases will need Node 22; locally 20 is supported
// (Lambda runs 22), so the documented switch turns it off unless the environment says otherwise
// (aws/aws-sdk-js-v3#7983). It is read when the DynamoDB client is built, after this line.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

/** The address a browser opens: a wildcard listen address answers on loopback too. */
function webUiUrl(serviceUrl: string): string {
  const url = new URL(serviceUrl);
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  if (url.hostname === "[::]") url.hostname = "[::1]";
  return url.href;
}

async function main(): Promise<void> {
  const loaded = await loadSettings();
  const service = await startLocalService(loaded);
  process.stdout.write(`aws-openai listening on ${service.url}\nmodel upstream: ${service.upstream}\n`);
  process.stdout.write(`conversations: ${service.memory}\n`);
  process.stdout.write(`web UI: ${webUiUrl(service.url)}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing in-flight requests, then stopping\n`);
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
