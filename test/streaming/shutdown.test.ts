import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { startTestService } from "../support/local-service.js";

describe("graceful shutdown", () => {
  it("does not wait for a client's spare connection that never sent a request", async () => {
    const service = await startTestService();
    const { port } = new URL(service.url);
    const spare = connect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => spare.once("connect", () => resolve()));
    const closed = new Promise<void>((resolve) => spare.once("close", () => resolve()));
    const started = performance.now();
    await service.stop();
    await closed;
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
