import { loadSettings } from "../common/settings/load.js";
import { startLocalService } from "./start.js";

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const loaded = await loadSettings();
  const service = await startLocalService(loaded);
  process.stdout.write(`aws-openai listening on ${service.url}\nmodel upstream: ${service.upstream}\n`);
  process.stdout.write(`conversations: ${service.memory}\n`);

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
