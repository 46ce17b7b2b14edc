import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { LocalService } from "../../src/local/start.js";
import { type FakeUpstream, startFakeUpstream, upstreamSettings } from "../support/fake-upstream.js";
import { seriousAxeViolations } from "./support/axe.js";
import { launchChromium } from "./support/chromium.js";
import { collectConsoleErrors, SLOW_MACHINE, saveScreenshot } from "./support/page-checks.js";
import { buildWebUi, startWebService } from "./support/web-ui.js";

/** The chat against a fake upstream that writes its answer slowly, word by word. */

// Read by page.evaluate callbacks, which run in the page.
declare const document: {
  querySelector(selector: string): { scrollTop: number; scrollHeight: number; clientHeight: number } | null;
};

let browser: Browser;
let upstream: FakeUpstream;
let service: LocalService;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  const [webRoot, launched, fake] = await Promise.all([buildWebUi(), launchChromium(), startFakeUpstream()]);
  browser = launched;
  upstream = fake;
  service = await startWebService(
    webRoot,
    upstreamSettings(upstream, { OPENAI_API_KEY: "sk-browser-streaming" }),
  );
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  page = await context.newPage();
  collectConsoleErrors(page, consoleErrors);
  await page.goto(`${service.url}/#/apps/default-grammar`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await upstream?.close();
});

beforeEach(() => upstream.reset());

const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index} `);
const streamingTurn = () => page.locator(".turn.streaming");
const answers = () => page.locator("article.turn.assistant:not(.welcome)");

async function send(text: string) {
  await page.getByRole("textbox", { name: /^Message to / }).fill(text);
  await page.getByRole("textbox", { name: /^Message to / }).press("Enter");
}

/** The streaming turn's text each time it changed, until it is gone. */
async function watchGrowth(): Promise<number[]> {
  const lengths: number[] = [];
  await streamingTurn().waitFor(SLOW_MACHINE);
  for (;;) {
    const text = await streamingTurn()
      .textContent({ timeout: 200 })
      .catch(() => undefined);
    if (text === undefined || text === null) return lengths;
    if (lengths.at(-1) !== text.length) lengths.push(text.length);
    await page.waitForTimeout(40);
  }
}

describe("streamed answers in the web UI", () => {
  it("shows the text growing before the answer is complete", async () => {
    const pieces = words(40);
    upstream.reply({ kind: "stream", chunks: pieces, delayMs: 40 });
    const before = await answers().count();
    await send("Tell me a long story.");
    const lengths = await watchGrowth();

    expect(lengths.length).toBeGreaterThanOrEqual(3);
    expect(lengths[0]).toBeLessThan(pieces.join("").length / 2);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    await expect.poll(() => answers().count(), SLOW_MACHINE).toBe(before + 1);
    expect((await answers().last().textContent())?.replace(/\s+/g, "")).toContain(
      pieces.join("").replace(/\s+/g, ""),
    );
    expect(await answers().last().textContent()).not.toContain("Stopped");
    expect(upstream.requests[0]?.body).toMatchObject({ stream: true });
    expect(consoleErrors).toEqual([]);
  });

  it("stops the answer with the Stop button: the model call is aborted and the text so far stays", async () => {
    upstream.reply({ kind: "stream", chunks: words(400), delayMs: 20 });
    const before = await answers().count();
    await send("Tell me an endless story.");
    await expect
      .poll(async () => (await streamingTurn().textContent())?.length ?? 0, SLOW_MACHINE)
      .toBeGreaterThan(30);
    await saveScreenshot(page, "desktop-streaming");
    await page.getByRole("button", { name: "Stop" }).click();

    await upstream.waitForAborts(1);
    await expect.poll(() => answers().count(), SLOW_MACHINE).toBe(before + 1);
    const stopped = answers().last();
    expect(await stopped.locator(".ended-early").textContent()).toBe("Stopped");
    expect((await stopped.textContent())?.length).toBeLessThan(words(400).join("").length);
    expect(await page.getByRole("button", { name: "Stop" }).count()).toBe(0);
    await saveScreenshot(page, "desktop-stopped-stream");

    upstream.reply({ kind: "stream", chunks: ["Still ", "here."] });
    await send("Are you still there?");
    await expect.poll(() => answers().count(), SLOW_MACHINE).toBe(before + 2);
    expect(await answers().last().textContent()).toContain("Still here.");
  });

  it("leaves the log where the user scrolled while an answer streams, and jumps to the latest on request", async () => {
    const log = page.getByRole("log");
    const fromEnd = () =>
      page.evaluate(() => {
        const element = document.querySelector(".messages");
        return element ? element.scrollHeight - element.scrollTop - element.clientHeight : -1;
      });
    const scrollTop = () => page.evaluate(() => document.querySelector(".messages")?.scrollTop ?? -1);
    upstream.reply({
      kind: "stream",
      chunks: words(600).map((word, i) => (i % 12 === 11 ? `${word}\n\n` : word)),
      delayMs: 15,
    });
    await send("Tell me a very long story.");
    await expect
      .poll(async () => (await streamingTurn().textContent())?.length ?? 0, SLOW_MACHINE)
      .toBeGreaterThan(400);
    // Following the answer while the user has not scrolled.
    expect(await fromEnd()).toBeLessThanOrEqual(48);

    await log.hover();
    await page.mouse.wheel(0, -600);
    await expect.poll(fromEnd, SLOW_MACHINE).toBeGreaterThan(300);
    const jump = page.getByRole("button", { name: "Jump to latest" });
    await jump.waitFor(SLOW_MACHINE);
    const heldAt = await scrollTop();
    const grownFrom = (await streamingTurn().textContent())?.length ?? 0;
    await expect
      .poll(async () => (await streamingTurn().textContent())?.length ?? 0, SLOW_MACHINE)
      .toBeGreaterThan(grownFrom + 200);
    // The answer grew by lines while the view stayed put: no snapping back to the bottom.
    expect(Math.abs((await scrollTop()) - heldAt)).toBeLessThanOrEqual(2);
    await saveScreenshot(page, "desktop-scroll-held");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await jump.click();
    await expect.poll(fromEnd, SLOW_MACHINE).toBeLessThanOrEqual(48);
    const followedFrom = (await streamingTurn().textContent())?.length ?? 0;
    await expect
      .poll(async () => (await streamingTurn().textContent())?.length ?? 0, SLOW_MACHINE)
      .toBeGreaterThan(followedFrom + 100);
    expect(await fromEnd()).toBeLessThanOrEqual(48);
    expect(await jump.count()).toBe(0);
    await page.getByRole("button", { name: "Stop" }).click();
    await upstream.waitForAborts(1);
  });
});
