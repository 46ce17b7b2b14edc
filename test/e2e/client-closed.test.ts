import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/services/logger.js";
import { type RunningService, startTestService } from "../support/local-service.js";

/** A client that goes away while sending its body is a client leaving, not a bug of the service. */

const logger = createLogger({ LOG_LEVEL: "SILENT", DEBUG_MODE: false });
let service: RunningService;
beforeAll(async () => {
  service = await startTestService({}, { logger });
});
afterAll(() => service.stop());

/** Sends the head and part of the body a Content-Length promises, then closes the connection. */
async function leaveMidBody(): Promise<void> {
  const { hostname, port } = new URL(service.url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  socket.write(
    `POST /passthrough HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"input_text":"th`,
  );
  await sleep(50);
  socket.destroy();
}

async function nextAccessLine(count: number): Promise<string> {
  for (let waited = 0; service.accessLog.length < count && waited < 2_000; waited += 10) await sleep(10);
  return service.accessLog.at(-1) ?? "";
}

describe("a client closing mid-body", () => {
  it("is logged as client-closed at info level, and as 499 in the access log, never as an error", async () => {
    const error = vi.spyOn(logger, "error");
    const warn = vi.spyOn(logger, "warn");
    const info = vi.spyOn(logger, "info");
    const before = service.accessLog.length;
    await leaveMidBody();
    expect(await nextAccessLine(before + 1)).toMatch(/^POST \/passthrough 499 \(client closed\) /);
    for (let waited = 0; info.mock.calls.length === 0 && waited < 1_000; waited += 10) await sleep(10);
    expect(error).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledWith(
      "The client closed the connection before sending the whole body.",
      expect.objectContaining({ statusCode: 499, type: "client_closed" }),
    );
  });

  it("leaves the server answering", async () => {
    expect((await service.post("/passthrough", { input_text: "still there?" })).status).toBe(200);
  });
});
