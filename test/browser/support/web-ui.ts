import { fileURLToPath } from "node:url";
import { build } from "vite";
import { startLocalService } from "../../../src/local/start.js";
import { emptyDir, testSettings } from "../../support/settings.js";

const VITE_CONFIG = fileURLToPath(new URL("../../../web/vite.config.ts", import.meta.url));

/** A production build of the web UI in a directory of its own, so parallel test files never share one. */
export async function buildWebUi(): Promise<string> {
  const outDir = emptyDir("aws-openai-web-");
  await build({ configFile: VITE_CONFIG, logLevel: "silent", build: { outDir, emptyOutDir: true } });
  return outDir;
}

/**
 * The real local server (API, offline model unless a key is set, and the web UI) on a random port,
 * with its conversation store in a directory of its own.
 */
export async function startWebService(webRoot: string, env: Record<string, string> = {}) {
  const loaded = testSettings({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: emptyDir("aws-openai-web-data-"),
    ...env,
  });
  return startLocalService(loaded, { webRoot, accessLog: () => {} });
}
