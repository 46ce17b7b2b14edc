import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { AccessLog } from "../../../src/local/access-log.js";

describe("the access log", () => {
  it("writes the lines of one turn of the event loop together, in order, each on its own line", async () => {
    const writes: string[] = [];
    const log = new AccessLog((text) => writes.push(text));
    log.line("POST /passthrough 200 1.2ms a");
    log.line("POST /passthrough 200 1.3ms b");
    expect(writes).toEqual([]);
    await nextTurn();
    expect(writes).toEqual(["POST /passthrough 200 1.2ms a\nPOST /passthrough 200 1.3ms b\n"]);
    log.line("GET /info 200 0.4ms c");
    await nextTurn();
    expect(writes).toEqual([
      "POST /passthrough 200 1.2ms a\nPOST /passthrough 200 1.3ms b\n",
      "GET /info 200 0.4ms c\n",
    ]);
  });

  it("writes what is gathered when flushed, and nothing twice", async () => {
    const writes: string[] = [];
    const log = new AccessLog((text) => writes.push(text));
    log.line("one");
    log.flush();
    expect(writes).toEqual(["one\n"]);
    await nextTurn();
    log.flush();
    expect(writes).toEqual(["one\n"]);
  });
});
