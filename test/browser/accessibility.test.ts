import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalService } from "../../src/local/start.js";
import { seriousAxeViolations } from "./support/axe.js";
import { launchChromium } from "./support/chromium.js";
import { SLOW_MACHINE, saveScreenshot } from "./support/page-checks.js";
import { buildWebUi, startWebService } from "./support/web-ui.js";

let browser: Browser;
let service: LocalService;

beforeAll(async () => {
  const [webRoot, launched] = await Promise.all([buildWebUi(), launchChromium()]);
  browser = launched;
  service = await startWebService(webRoot);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

describe.each(["light", "dark"] as const)("axe-core in the %s scheme", (colorScheme) => {
  it("finds nothing serious on the home page", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    try {
      const page = await context.newPage();
      await page.goto(service.url);
      await page.locator("[data-app-slug]").first().waitFor();
      await saveScreenshot(page, `axe-home-${colorScheme}`);
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("finds nothing serious on a chat holding a Markdown answer with a code block", {
    timeout: 40_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    try {
      const page = await context.newPage();
      await page.goto(`${service.url}/#/apps/default-grammar`);
      const box = page.getByRole("textbox", { name: /^Message to / });
      await box.fill("Write a Python function that adds two numbers");
      await box.press("Enter");
      const code = page.locator("article.turn.assistant:not(.welcome) pre code.language-python");
      await expect.poll(() => code.count(), SLOW_MACHINE).toBe(1);
      expect(await code.locator(".hljs-comment").count()).toBeGreaterThan(0);
      await saveScreenshot(page, `axe-chat-code-${colorScheme}`);
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("finds nothing serious on the History list and a message being edited", {
    timeout: 40_000,
  }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    try {
      const page = await context.newPage();
      await page.goto(`${service.url}/#/apps/default-marv-sarcastic-chat`);
      const box = page.getByRole("textbox", { name: /^Message to / });
      await box.fill(`A question in the ${colorScheme} scheme`);
      await box.press("Enter");
      const answers = page.locator("article.turn.assistant:not(.welcome)");
      await expect.poll(() => answers.count(), SLOW_MACHINE).toBe(1);
      await page.getByRole("button", { name: "History" }).click();
      await page.locator(".history-item").first().waitFor(SLOW_MACHINE);
      await page.locator("article.turn.user").getByRole("button", { name: "Edit" }).click();
      await page.getByRole("form", { name: "Edit your message" }).waitFor();
      await saveScreenshot(page, `axe-history-edit-${colorScheme}`);
      expect(await seriousAxeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
