import { defaultSettings } from "../src/common/settings/load.js";
import { startFakeUpstream } from "../test/support/fake-upstream.js";
import { startTestService } from "../test/support/local-service.js";

/**
 * How long a caller waits for an answer from a model service that fails, with the default settings
 * (OPENAI_TIMEOUT_MS, OPENAI_MAX_RETRIES): a hanging upstream (the 504), and a 429 asking for a wait
 * that fits in the deadline once (20 s) or not at all (30 s).
 */
export default async function deadlineBench(): Promise<void> {
  const upstream = await startFakeUpstream();
  const defaults = defaultSettings();
  const service = await startTestService({
    OPENAI_API_KEY: "sk-bench-deadline",
    OPENAI_BASE_URL: upstream.url,
  });
  try {
    process.stdout.write(
      `defaults: OPENAI_TIMEOUT_MS ${defaults.OPENAI_TIMEOUT_MS}, OPENAI_MAX_RETRIES ${defaults.OPENAI_MAX_RETRIES}\n`,
    );
    for (const [name, behaviour] of [
      ["hanging upstream", { kind: "hang" }],
      ["429 with retry-after: 20", { kind: "status", status: 429, retryAfterSeconds: 20 }],
      ["429 with retry-after: 30", { kind: "status", status: 429, retryAfterSeconds: 30 }],
    ] as const) {
      upstream.reset();
      upstream.reply(behaviour, behaviour, behaviour);
      const started = performance.now();
      const response = await service.post("/passthrough", { input_text: "hi" });
      await response.text();
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `${name.padEnd(26)} ${response.status} after ${seconds.toFixed(2)} s, ${upstream.requests.length} upstream attempt(s)\n`,
      );
    }
  } finally {
    await service.stop();
    await upstream.close();
  }
}
