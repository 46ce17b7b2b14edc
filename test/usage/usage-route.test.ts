import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerOf } from "../../src/core/caller.js";
import { expectJsonError } from "../e2e/http-checks.js";
import { type RunningService, startTestService, UNTHROTTLED } from "../support/local-service.js";

const KEY_ONE = "usage-route-key-one-0123456789";
const KEY_TWO = "usage-route-key-two-0123456789";
const ADMIN_KEY = "usage-route-admin-key-0123456789";
const idOf = (key: string) => {
  const caller = callerOf(key);
  return caller.kind === "key" ? caller.id : "anonymous";
};

interface Period {
  prompt_tokens: number;
  completion_tokens: number;
  requests: number;
  budget: number;
  budget_left: number | null;
}
interface OwnUsage {
  owner: string;
  today: Period;
  month: Period;
  by_app_model: { app: string; model: string; requests: number }[];
}

let service: RunningService;
beforeAll(async () => {
  service = await startTestService({
    API_KEYS: `${KEY_ONE},${KEY_TWO}`,
    ADMIN_API_KEY: ADMIN_KEY,
    TOKEN_BUDGET_DAILY: "0",
    TOKEN_BUDGET_OVERRIDES: `${idOf(KEY_TWO)}=45/0`,
    ...UNTHROTTLED,
  });
});
afterAll(() => service.stop());

const usageOf = (key: string, query = "", headers: Record<string, string> = {}) =>
  fetch(`${service.url}/usage${query}`, { headers: { "x-api-key": key, ...headers } });

/** Usage is settled once the answer is out: wait until the report shows the answers sent. */
async function ownUsage(key: string, requests: number): Promise<OwnUsage> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const response = await usageOf(key);
    expect(response.status).toBe(200);
    const usage = (await response.json()) as OwnUsage;
    const itemized = usage.by_app_model.reduce((sum, item) => sum + item.requests, 0);
    if ((usage.today.requests >= requests && itemized >= requests) || Date.now() > deadline) return usage;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const ask = (content: string) => ({ messages: [{ role: "user", content }], max_tokens: 20 });

describe("GET /usage", () => {
  it("shows the caller's own usage today, this month and per app and model, and no one else's", async () => {
    const answer = (await (
      await service.post("/passthrough", ask("Hello"), { "x-api-key": KEY_ONE })
    ).json()) as {
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    const mine = await ownUsage(KEY_ONE, 1);
    expect(mine.owner).toBe(idOf(KEY_ONE));
    expect(mine.today).toEqual({
      prompt_tokens: answer.usage.prompt_tokens,
      completion_tokens: answer.usage.completion_tokens,
      requests: 1,
      estimated_requests: 0,
      budget: 0,
      budget_left: null,
    });
    expect(mine.month.requests).toBe(1);
    expect(mine.by_app_model).toEqual([expect.objectContaining({ app: "passthrough", requests: 1 })]);
    expect(JSON.stringify(mine)).not.toContain(KEY_ONE);

    const theirs = await ownUsage(KEY_TWO, 0);
    expect(theirs.owner).toBe(idOf(KEY_TWO));
    expect(theirs.today.requests).toBe(0);
    expect(theirs.by_app_model).toEqual([]);
  });

  it("applies a key's own budget from TOKEN_BUDGET_OVERRIDES, and refuses that key alone", async () => {
    const before = await ownUsage(KEY_TWO, 0);
    expect(before.today).toMatchObject({ budget: 45, budget_left: 45 });
    let refused: Response | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      const response = await service.post("/passthrough", ask(`Tell me more, ${i}`), {
        "x-api-key": KEY_TWO,
      });
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      }
    }
    await expectJsonError(refused as Response, 429, "budget_exceeded");
    const after = await ownUsage(KEY_TWO, 1);
    expect(after.today.budget_left).toBeLessThan(45);
    const other = await service.post("/passthrough", ask("Still here?"), { "x-api-key": KEY_ONE });
    expect(other.status).toBe(200);
  });

  it("gives every owner's totals only to the admin key", async () => {
    await expectJsonError(await usageOf(KEY_ONE, "?scope=all"), 403, "forbidden");
    await expectJsonError(await usageOf(KEY_ONE, "?scope=all", { "x-admin-key": `${ADMIN_KEY}x` }), 403);
    await expectJsonError(await usageOf(KEY_ONE, "?scope=everything"), 400, "invalid_request");
    const response = await usageOf(KEY_ONE, "?scope=all", { "x-admin-key": ADMIN_KEY });
    expect(response.status).toBe(200);
    const { owners } = (await response.json()) as {
      owners: { owner: string; today: { requests: number } }[];
    };
    expect(owners.map((entry) => entry.owner)).toEqual(
      expect.arrayContaining([idOf(KEY_ONE), idOf(KEY_TWO)]),
    );
    expect(owners.find((entry) => entry.owner === idOf(KEY_ONE))?.today.requests).toBeGreaterThan(0);
  });

  it("masks the admin key in /info", async () => {
    const info = await (await fetch(`${service.url}/info`, { headers: { "x-api-key": KEY_ONE } })).text();
    expect(info).not.toContain(ADMIN_KEY);
    expect(JSON.parse(info).settings.ADMIN_API_KEY).toMatch(/\*/);
  });
});

describe("GET /usage without an admin key configured", () => {
  it("refuses the admin view", async () => {
    const plain = await startTestService({ API_KEYS: KEY_ONE });
    try {
      const response = await fetch(`${plain.url}/usage?scope=all`, {
        headers: { "x-api-key": KEY_ONE, "x-admin-key": ADMIN_KEY },
      });
      await expectJsonError(response, 403, "forbidden");
    } finally {
      await plain.stop();
    }
  });
});
