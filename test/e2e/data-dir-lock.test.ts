import { describe, expect, it } from "vitest";
import { startTestService } from "../support/local-service.js";
import { emptyDir } from "../support/settings.js";

describe("one local store per DATA_DIR", () => {
  it("refuses a second server on the same DATA_DIR with a message saying what to do, and keeps the first serving", async () => {
    const dataDir = emptyDir();
    const first = await startTestService({ DATA_DIR: dataDir });
    try {
      await expect(startTestService({ DATA_DIR: dataDir })).rejects.toThrow(
        /in use by another process .*set DATA_DIR to another folder/,
      );
      const response = await first.post("/examples/default-marv-sarcastic-chat", {
        input_text: "still there?",
      });
      expect(response.status).toBe(200);
    } finally {
      await first.stop();
    }
  });
});
