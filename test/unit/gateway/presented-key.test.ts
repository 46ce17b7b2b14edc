import { describe, expect, it } from "vitest";
import { presentedApiKey } from "../../../src/local/gateway/presented-key.js";

describe("presentedApiKey", () => {
  it.each([
    [{ "x-api-key": "k1" }, "k1"],
    [{ authorization: "Bearer k2" }, "k2"],
    [{ authorization: "bearer   k3 " }, "k3"],
    [{ "x-api-key": "k1", authorization: "Bearer k2" }, "k1"],
    [{ "x-api-key": ["k4", "k5"] as unknown as string }, "k4"],
    [{ authorization: "Bearer " }, undefined],
    [{ authorization: "Basic dXNlcjpwYXNz" }, undefined],
    [{ authorization: "Bearer two words" }, undefined],
    [{}, undefined],
  ])("reads %j as %s", (headers, key) => {
    expect(presentedApiKey(headers)).toBe(key);
  });
});
