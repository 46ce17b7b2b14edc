import { type LocalService, type StartOptions, startLocalService } from "../../src/local/start.js";
import { emptyDir, testSettings } from "./settings.js";

export interface RunningService extends LocalService {
  accessLog: string[];
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** Gateway limits no test file reaches, for files that send more than the default burst of requests. */
export const UNTHROTTLED = { THROTTLE_SETTINGS_RATE_LIMIT: "10000", THROTTLE_SETTINGS_BURST_LIMIT: "10000" };

/**
 * Starts the real local API in this process on a random port; no key means the offline model. Each
 * service keeps its data (the embedded DynamoDB) in a fresh directory unless `DATA_DIR` is given, and
 * meters its answers there as the local start does.
 */
export async function startTestService(
  env: Record<string, string> = {},
  options: Omit<StartOptions, "accessLog"> = {},
): Promise<RunningService> {
  const accessLog: string[] = [];
  const loaded = testSettings({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: emptyDir("local-service-"),
    USAGE_METERING: "true",
    ...env,
  });
  const service = await startLocalService(loaded, { ...options, accessLog: (line) => accessLog.push(line) });
  return {
    ...service,
    accessLog,
    post: (path, body, headers = {}) =>
      fetch(`${service.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
  };
}
