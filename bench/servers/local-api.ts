import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveSettings } from "../../src/common/settings/load.js";
import { startLocalService } from "../../src/local/start.js";
import { answerCpuQueries } from "../support/cpu-report.js";

/**
 * Bench child: the local API server with its handlers, pointed at the given upstream as a real
 * OpenAI-compatible service. Limits are raised so the gateway policies run but never refuse; the access
 * log is written to standard output as `npm start` writes it, and the bench reads it away. Usage is
 * metered into the embedded DynamoDB stand-in as `npm start` does, unless BENCH_USAGE_METERING=false.
 */
const service = await startLocalService(
  resolveSettings([
    {
      name: "environment",
      values: {
        OPENAI_API_KEY: "bench-key",
        OPENAI_BASE_URL: process.argv[2] ?? "",
        OPENAI_MAX_RETRIES: "0",
        THROTTLE_SETTINGS_RATE_LIMIT: "1000000",
        THROTTLE_SETTINGS_BURST_LIMIT: "1000000",
        QUOTA_SETTINGS_LIMIT: "1000000000",
        LOG_LEVEL: "SILENT",
        USAGE_METERING: process.env.BENCH_USAGE_METERING ?? "true",
        PORT: "0",
        DATA_DIR: mkdtempSync(join(tmpdir(), "aws-openai-bench-")),
      },
    },
  ]),
);
process.stdout.write(`${JSON.stringify({ url: service.url })}\n`);
answerCpuQueries();
process.on("SIGINT", () => process.exit(0));
