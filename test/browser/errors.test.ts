import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalService } from "../../src/local/start.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { launchChromium } from "./support/chromium.js";
import { collectConsoleErrors, SLOW_MACHINE, saveScreenshot } from "./support/page-checks.js";
import { buildWebUi, startWebService } from "./support/web-ui.js";

// Read by a page.evaluate callback, which runs in the page: the Node type-check has no DOM lib.
declare const localStorage: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
};

const API_KEY = "browser-test-key";

let browser: Browser;
let webRoot: string;
const consoleErrors: string[] = [];

beforeAll(async () => {
  [webRoot, browser] = await Promise.all([buildWebUi(), launchChromium()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function openApp(service: LocalService, slug: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  collectConsoleErrors(page, consoleErrors);
  await page.goto(`${service.url}/#/apps/${slug}`);
  return page;
}

/** Sends a message with Enter and waits until the conversation has one more reply or error. */
async function send(page: Page, text: string) {
  const settled = page.locator("article.turn.assistant:not(.welcome), .turn.error");
  const before = await settled.count();
  await page.getByRole("textbox", { name: /^Message to / }).fill(text);
  await page.getByRole("textbox", { name: /^Message to / }).press("Enter");
  await expect.poll(() => settled.count(), SLOW_MACHINE).toBe(before + 1);
  return settled.last();
}

async function expectAnswer(page: Page, text: string) {
  const turn = await send(page, text);
  expect(await turn.getAttribute("class")).toContain("assistant");
  return turn;
}

async function expectError(page: Page, text: string) {
  const turn = await send(page, text);
  expect(await turn.getAttribute("role")).toBe("alert");
  return turn.textContent();
}

describe("throttling (429) from the local gateway", () => {
  let service: LocalService;
  let page: Page;

  beforeAll(async () => {
    // One request, then a token every two seconds.
    // The gateway throttles keys only, as API Gateway's usage plans do.
    service = await startWebService(webRoot, {
      API_KEYS: API_KEY,
      THROTTLE_SETTINGS_RATE_LIMIT: "0.5",
      THROTTLE_SETTINGS_BURST_LIMIT: "1",
    });
    page = await openApp(service, "default-grammar");
    await page.getByRole("button", { name: "Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "API settings" });
    await dialog.getByLabel("API key").fill(API_KEY);
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
  });

  afterAll(async () => {
    await page?.context().close();
    await service?.stop();
  });

  it("says to slow down, with the wait, and the chat keeps working", async () => {
    const first = page.waitForRequest((r) => r.method() === "POST");
    await expectAnswer(page, "She no went to the market.");
    const firstConversation = ((await first).postDataJSON() as { conversation_id: string }).conversation_id;
    const throttled = page.waitForResponse((r) => r.status() === 429);
    const message = await expectError(page, "Me and him was late.");
    const waitSeconds = Number((await throttled).headers()["retry-after"]);
    expect(message).toContain("Too many requests (429)");
    expect(message).toContain(
      waitSeconds > 1
        ? `wait ${waitSeconds} seconds before sending again`
        : "wait a second before sending again",
    );
    await saveScreenshot(page, "desktop-error-429");

    await page.waitForTimeout(waitSeconds * 1000 + 100);
    const retried = page.waitForRequest((r) => r.method() === "POST");
    await page.getByRole("button", { name: "Try again" }).click();
    // The failed message is not history: the model sees only the answered exchange.
    const body = (await retried).postDataJSON() as { input_text: string; conversation_id: string };
    expect(body.input_text).toBe("Me and him was late.");
    expect(body.conversation_id).toBe(firstConversation);
    await page.locator("article.turn.assistant:not(.welcome)").nth(1).waitFor();
    // The server kept the answered exchange only: the model saw two earlier messages.
    expect(await page.locator("article.turn.assistant:not(.welcome)").nth(1).textContent()).toContain(
      "(2 earlier messages in this conversation)",
    );
    // Tried again, the message shows once and the error is gone.
    expect(await page.locator("article.turn.user", { hasText: "Me and him was late." }).count()).toBe(1);
    expect(await page.locator(".turn.error").count()).toBe(0);
    await saveScreenshot(page, "desktop-error-429-retried");
  });
});

describe("a spent request quota (429) from the local gateway", () => {
  let service: LocalService;
  let page: Page;

  beforeAll(async () => {
    service = await startWebService(webRoot, {
      API_KEYS: API_KEY,
      QUOTA_SETTINGS_LIMIT: "1",
      QUOTA_SETTINGS_PERIOD: "DAY",
      THROTTLE_SETTINGS_RATE_LIMIT: "1000",
      THROTTLE_SETTINGS_BURST_LIMIT: "100",
    });
    page = await openApp(service, "default-grammar");
    await page.evaluate((key) => {
      localStorage.setItem("aws-openai.api-settings", JSON.stringify({ baseUrl: "", apiKey: key }));
    }, API_KEY);
    await page.reload();
  });

  afterAll(async () => {
    await page?.context().close();
    await service?.stop();
  });

  it("says the quota is used up and when it resets, not to slow down", async () => {
    await expectAnswer(page, "She no went to the market.");
    const message = await expectError(page, "Me and him was late.");
    expect(message).toContain("Request quota used up (429)");
    expect(message).toContain("The day quota of 1 request is spent.");
    expect(message).toMatch(/It resets in (about \d+ hours|\d+ minutes|\d+ seconds)\./);
    expect(message).not.toMatch(/slow down/i);
    // Sending it again before the reset cannot work.
    expect(await page.getByRole("button", { name: "Try again" }).count()).toBe(0);
    await saveScreenshot(page, "desktop-error-429-quota");
  });
});

describe("API keys, upstream failures and the network, with a fake OpenAI upstream", () => {
  let upstream: FakeUpstream;
  let service: LocalService;
  let page: Page;

  beforeAll(async () => {
    upstream = await startFakeUpstream();
    service = await startWebService(
      webRoot,
      upstreamSettings(upstream, {
        OPENAI_API_KEY: "sk-browser-test",
        OPENAI_TIMEOUT_MS: "1000",
        API_KEYS: API_KEY,
        USAGE_METERING: "true",
        THROTTLE_SETTINGS_RATE_LIMIT: "1000",
        THROTTLE_SETTINGS_BURST_LIMIT: "100",
      }),
    );
    page = await openApp(service, "default-marv-sarcastic-chat");
  });

  afterAll(async () => {
    await page?.context().close();
    await service?.stop();
    await upstream?.close();
  });

  async function saveSettings(fields: { baseUrl?: string; apiKey?: string }) {
    await page.getByRole("button", { name: "Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "API settings" });
    if (fields.baseUrl !== undefined) await dialog.getByLabel("API base URL").fill(fields.baseUrl);
    if (fields.apiKey !== undefined) await dialog.getByLabel("API key").fill(fields.apiKey);
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "hidden" });
  }

  it("asks for an API key (401), refuses a wrong one (403), and works with the right one", async () => {
    expect(await expectError(page, "Hello?")).toContain("API key needed (401)");
    await saveSettings({ apiKey: "not-the-key" });
    expect(await expectError(page, "Hello?")).toContain("API key refused (403)");
    await saveSettings({ apiKey: API_KEY });
    const sent = page.waitForRequest((r) => r.method() === "POST");
    await expectAnswer(page, "Hello?");
    expect((await sent).headers()["x-api-key"]).toBe(API_KEY);
    const stored = await page.evaluate(() => localStorage.getItem("aws-openai.api-settings"));
    expect(JSON.parse(stored ?? "{}")).toEqual({ baseUrl: "", apiKey: API_KEY });
    expect(await page.locator(".offline-banner").count()).toBe(0);
  });

  it("shows the saved key's token usage in Settings", async () => {
    await page.getByRole("button", { name: "Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "API settings" });
    const usage = dialog.getByRole("region", { name: "Token usage of the saved key" });
    await usage.getByText("This month").waitFor();
    expect(await usage.textContent()).toMatch(/Today \(UTC\)\d[\d,]* tokens in 1 answers; no budget/);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
  });

  it("explains a model timeout (504), then answers the next message", async () => {
    upstream.reply({ kind: "hang" });
    const message = await expectError(page, "Tell me something slow.");
    expect(message).toContain("The model service timed out (504)");
    await saveScreenshot(page, "desktop-error-504");
    await expectAnswer(page, "And now quickly?");
  });

  it("explains a model failure (502), then answers the next message", async () => {
    upstream.reply({ kind: "status", status: 500 });
    expect(await expectError(page, "Break, please.")).toContain("The model service failed (502)");
    await expectAnswer(page, "Recovered?");
  });

  it("explains an unreachable API, and recovers once the base URL is fixed", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    closed.close();
    await saveSettings({ baseUrl: deadUrl });
    const message = await expectError(page, "Anyone there?");
    expect(message).toContain("Could not reach the API");
    expect(message).toContain(`${deadUrl}/examples/default-marv-sarcastic-chat`);
    await saveSettings({ baseUrl: "" });
    await expectAnswer(page, "Back again.");
  });

  it("rejects a base URL that is not an address, naming the problem", async () => {
    await page.getByRole("button", { name: "Settings" }).click();
    const dialog = page.getByRole("dialog", { name: "API settings" });
    await dialog.getByLabel("API base URL").fill("abc.execute-api.us-east-1.amazonaws.com");
    await dialog.getByRole("button", { name: "Save" }).click();
    expect(await dialog.getByLabel("API base URL").getAttribute("aria-invalid")).toBe("true");
    expect(await dialog.textContent()).toContain("API base URL must be a full address");
    await saveScreenshot(page, "desktop-settings-invalid");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });
});

describe("console", () => {
  it("shows only the failed requests the tests provoked", () => {
    const provoked =
      /^console: Failed to load resource: (the server responded with a status of (401|403|429|502|504)|net::ERR_CONNECTION_REFUSED)/;
    expect(consoleErrors.some((line) => provoked.test(line))).toBe(true);
    expect(consoleErrors.filter((line) => !provoked.test(line))).toEqual([]);
  });
});
