import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { resolveSettings } from "../../src/common/settings/load.js";
import { startLocalService } from "../../src/local/start.js";

/**
 * Bench child: the local API with its default limits (MAX_BODY_BYTES included), pointed at the given
 * upstream (the offline model in a process of its own), watching its own event loop. A line `reset` on standard input starts a measurement; `report` prints
 * the longest the loop was blocked since then, in ms.
 */
const service = await startLocalService(
  resolveSettings([
    {
      name: "environment",
      values: {
        OPENAI_API_KEY: "bench-key",
        OPENAI_BASE_URL: process.argv[2] ?? "",
        THROTTLE_SETTINGS_RATE_LIMIT: "1000000",
        THROTTLE_SETTINGS_BURST_LIMIT: "1000000",
        LOG_LEVEL: "SILENT",
        PORT: "0",
        DATA_DIR: mkdtempSync(join(tmpdir(), "aws-openai-bench-")),
      },
    },
  ]),
  { accessLog: () => {} },
);
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
createInterface({ input: process.stdin }).on("line", (line) => {
  if (line === "reset") {
    delay.reset();
    process.stdout.write("{}\n");
  }
  // The histogram counts the timer's own resolution as delay.
  if (line === "report") process.stdout.write(`${JSON.stringify({ maxMs: delay.max / 1e6 - 1 })}\n`);
});
process.stdout.write(`${JSON.stringify({ url: service.url })}\n`);
process.on("SIGINT", () => process.exit(0));
