import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../../src/common/catalog/index.js";
import type { LocalService } from "../../src/local/start.js";
import { finalEvent, parseEvents } from "../support/sse.js";
import { launchChromium } from "./support/chromium.js";
import {
  collectConsoleErrors,
  horizontalOverflow,
  SLOW_MACHINE,
  saveScreenshot,
} from "./support/page-checks.js";
import { buildWebUi, startWebService } from "./support/web-ui.js";

// The page.evaluate callbacks below run in the page; these are the browser globals they read, which the
// Node type-check (no DOM lib) does not know.
declare const navigator: { readonly clipboard: { readText(): Promise<string> } };
declare const location: { readonly hash: string };
declare const document: {
  readonly body: object;
  readonly activeElement: {
    readonly id: string;
    readonly textContent: string | null;
    getAttribute(name: string): string | null;
  } | null;
};
declare function getComputedStyle(element: object): { readonly backgroundColor: string };

let browser: Browser;
let service: LocalService;
let desktop: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  const [webRoot, launched] = await Promise.all([buildWebUi(), launchChromium()]);
  browser = launched;
  service = await startWebService(webRoot, {
    THROTTLE_SETTINGS_RATE_LIMIT: "1000",
    THROTTLE_SETTINGS_BURST_LIMIT: "100",
    ALLOWED_MODELS: "gpt-4o,gpt-4.1-nano",
  });
  desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
  page = await desktop.newPage();
  collectConsoleErrors(page, consoleErrors);
  await page.goto(service.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

function appEntry(slug: string) {
  return page.locator(`[data-app-slug="${slug}"]`);
}

/** Opens an app from the list and waits until its chat is shown. */
async function openApp(slug: string) {
  const title = getCatalog().apps.find((app) => app.slug === slug)?.title;
  await appEntry(slug).click();
  await expect.poll(() => page.locator("#chat-title").textContent(), SLOW_MACHINE).toBe(title);
}

const CONVERSATION_ID = expect.stringMatching(/^c-[0-9a-f]{32}$/);
let grammarConversation = "";

/** The conversation the address names (`#/apps/<slug>/c/<id>`). */
async function conversationInAddress(): Promise<string> {
  return String((await page.evaluate(() => location.hash)).split("/c/")[1]);
}

const messageBox = () => page.getByRole("textbox", { name: /^Message to / });
const assistantTurns = () => page.locator("article.turn.assistant:not(.welcome)");

/** Types a message, sends it with Enter, and waits for the answer; gives the request body and answer text. */
async function sendTyped(text: string) {
  const answers = await assistantTurns().count();
  await messageBox().fill(text);
  const request = page.waitForRequest((r) => r.method() === "POST" && r.url().includes("/examples/"));
  await messageBox().press("Enter");
  const sent = (await request).postDataJSON() as Record<string, unknown>;
  await expect.poll(() => assistantTurns().count(), SLOW_MACHINE).toBe(answers + 1);
  return { sent, answer: (await assistantTurns().last().textContent())?.trim() };
}

describe("web UI against the local server with the offline model", () => {
  it("lists every catalog app by title", async () => {
    const slugs = await page
      .locator("[data-app-slug]")
      .evaluateAll((links) => links.map((link) => link.getAttribute("data-app-slug")));
    const catalog = getCatalog().apps;
    expect(slugs).toEqual(catalog.map((app) => app.slug));
    for (const app of catalog)
      await expect.poll(() => appEntry(app.slug).textContent(), SLOW_MACHINE).toContain(app.title);
    await saveScreenshot(page, "desktop-light-home");
  });

  it("opens an app with its welcome text and examples, and answers a typed message", async () => {
    const app = getCatalog().apps.find((a) => a.slug === "default-grammar");
    await openApp("default-grammar");
    expect(await page.locator(".welcome").textContent()).toContain(app?.welcome);
    expect(await page.locator("button.example").count()).toBe(app?.examples.length);

    const { sent, answer } = await sendTyped("She no went to the market.");
    expect(sent).toEqual({ input_text: "She no went to the market.", conversation_id: CONVERSATION_ID });
    expect(answer).toContain('You said: "She no went to the market."');
    expect(await page.locator(".offline-banner").textContent()).toContain("OPENAI_API_KEY");
  });

  it("goes on in the same server-side conversation, which the model sees; Shift+Enter adds a line", async () => {
    const first = await conversationInAddress();
    grammarConversation = first;
    await messageBox().fill("First line");
    await messageBox().press("Shift+Enter");
    await messageBox().pressSequentially("second line");
    expect(await messageBox().inputValue()).toBe("First line\nsecond line");
    const { sent, answer } = await sendTyped(await messageBox().inputValue());
    expect(sent).toEqual({ input_text: "First line\nsecond line", conversation_id: first });
    expect(answer).toContain("(2 earlier messages in this conversation)");
    await saveScreenshot(page, "desktop-light-chat");
  });

  it("shows a thinking state while waiting", async () => {
    // Holding the answer back makes the waiting state observable.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/examples/**", async (route) => {
      await held;
      await route.continue();
    });
    await messageBox().fill("Are you there?");
    await messageBox().press("Enter");
    await page.getByRole("status").filter({ hasText: "Thinking…" }).waitFor();
    expect(await page.locator("button.send").isDisabled()).toBe(true);
    release();
    await page.getByRole("status").filter({ hasText: "Thinking…" }).waitFor({ state: "detached" });
    await page.unroute("**/examples/**");
  });

  it("answers the sarcastic chat", async () => {
    await openApp("default-marv-sarcastic-chat");
    const { sent, answer } = await sendTyped("How many pounds are in a kilogram?");
    // A conversation of its own, not the grammar app's.
    expect(sent).toEqual({
      input_text: "How many pounds are in a kilogram?",
      conversation_id: CONVERSATION_ID,
    });
    expect(sent["conversation_id"]).not.toBe(grammarConversation);
    expect(answer).toContain("Marv");
  });

  it("answers the function-calling app and shows the plugins and tools it used", async () => {
    await openApp("openai-function-calling");
    const response = page.waitForResponse((r) => r.url().endsWith("/examples/openai-function-calling"));
    const { answer } = await sendTyped("What is the weather in Cambridge, MA?");
    expect(answer).toContain("Cambridge, MA");
    // The UI asks for a streamed answer: its final event carries the request_meta_data.
    const events = parseEvents(await (await response).text());
    const meta = finalEvent<{ request_meta_data: { plugins?: string[] } }>(events).request_meta_data;
    const toolUse = page.locator(".tool-use");
    // The panel is there exactly when the handler reported what it used, and names every plugin.
    expect(await toolUse.count()).toBe(meta.plugins ? 1 : 0);
    for (const plugin of meta.plugins ?? []) expect(await toolUse.textContent()).toContain(plugin);
  });

  it("sends an example prompt when it is clicked", async () => {
    const app = getCatalog().apps.find((a) => a.slug === "default-emoji-translation");
    const example = app?.examples[0] ?? "";
    await openApp("default-emoji-translation");
    const request = page.waitForRequest((r) => r.url().endsWith("/examples/default-emoji-translation"));
    await page.locator("button.example").first().click();
    expect(((await request).postDataJSON() as { input_text: string }).input_text).toBe(example);
    await expect.poll(() => assistantTurns().count(), SLOW_MACHINE).toBe(1);
    expect(await page.locator("article.turn.user .user-text").textContent()).toBe(example);
  });

  it("keeps each app's conversation while the page is open", async () => {
    await openApp("default-grammar");
    expect(await page.locator("article.turn.user").count()).toBe(3);
    await page.getByRole("button", { name: "New chat" }).click();
    await expect.poll(() => page.locator("article.turn").count(), SLOW_MACHINE).toBe(1);
  });

  it("edits a sent message and regenerates an answer: the model sees only what came before", async () => {
    // Opened fresh: the test before started a new chat here.
    await openApp("default-grammar");
    await sendTyped("Me and him goes.");
    const { sent } = await sendTyped("Them was there.");
    await page.locator("article.turn.user").last().getByRole("button", { name: "Edit" }).click();
    await page.getByRole("form", { name: "Edit your message" }).getByRole("textbox").fill("They was there.");
    const request = page.waitForRequest((r) => r.method() === "POST" && r.url().includes("/examples/"));
    await page.getByRole("form", { name: "Edit your message" }).getByRole("button", { name: "Send" }).click();
    expect((await request).postDataJSON()).toEqual({
      input_text: "They was there.",
      conversation_id: sent["conversation_id"],
    });
    await expect.poll(() => assistantTurns().count(), SLOW_MACHINE).toBe(2);
    expect(await assistantTurns().last().textContent()).toContain(
      "(2 earlier messages in this conversation)",
    );
    const regenerated = page.waitForRequest((r) => r.method() === "POST" && r.url().includes("/examples/"));
    await assistantTurns().last().getByRole("button", { name: "Regenerate" }).click();
    expect(((await regenerated).postDataJSON() as { input_text: string }).input_text).toBe("They was there.");
    await expect.poll(() => page.locator("article.turn.user").count(), SLOW_MACHINE).toBe(2);
    await expect.poll(() => assistantTurns().count(), SLOW_MACHINE).toBe(2);
    expect(await assistantTurns().last().textContent()).toContain(
      "(2 earlier messages in this conversation)",
    );
  });

  it("picks the model of a direct chat from the upstream models /v1/models lists, and sends it", async () => {
    await page.locator('[data-direct-chat="passthrough"]').click();
    await expect.poll(() => page.locator("#chat-title").textContent(), SLOW_MACHINE).toBe("Direct chat");
    const picker = page.getByRole("combobox", { name: "Model" });
    await expect
      .poll(() => picker.locator("option").allTextContents(), SLOW_MACHINE)
      // /v1/models lists every app too; those are chats of their own, not models to pick.
      .toEqual(["Server default", "gpt-4o", "gpt-4.1-nano"]);
    await picker.selectOption("gpt-4.1-nano");
    await messageBox().fill("Hello, model.");
    const request = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/passthrough"));
    await messageBox().press("Enter");
    expect((await request).postDataJSON()).toEqual({
      input_text: "Hello, model.",
      conversation_id: CONVERSATION_ID,
      model: "gpt-4.1-nano",
    });
    await expect.poll(() => assistantTurns().count(), SLOW_MACHINE).toBe(1);
    await saveScreenshot(page, "desktop-direct-chat-model");
  });

  it("renders Markdown replies with highlighted, copyable code", async () => {
    await desktop.grantPermissions(["clipboard-read", "clipboard-write"]);
    const markdown = "Fixed:\n\n```python\ndef add(a, b):\n    return a + b\n```\n\n- **one**\n- two";
    await page.route("**/examples/default-fix-python-bugs", async (route) => {
      // Asked for whole, as API Gateway answers, so the reply can be rewritten; the UI reads both.
      const headers = { ...route.request().headers(), accept: "application/json" };
      const upstream = await route.fetch({ headers });
      const body = (await upstream.json()) as { choices: { message: { content: string } }[] };
      const [choice] = body.choices;
      if (choice) choice.message.content = markdown;
      await route.fulfill({ response: upstream, json: body });
    });
    await openApp("default-fix-python-bugs");
    await sendTyped("def add(a, b): return a - b");
    const reply = assistantTurns().last();
    expect(await reply.locator("strong").textContent()).toBe("one");
    expect(await reply.locator("code.language-python .hljs-keyword").first().textContent()).toBe("def");
    await reply.locator("button.copy-code").click();
    await expect.poll(() => reply.locator("button.copy-code").textContent(), SLOW_MACHINE).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      "def add(a, b):\n    return a + b",
    );
    await page.unroute("**/examples/default-fix-python-bugs");
    await saveScreenshot(page, "desktop-light-markdown");
  });

  it("works by keyboard alone", async () => {
    // A fresh load, so focus starts at the top of the document.
    await page.goto("about:blank");
    await page.goto(service.url);
    await appEntry(getCatalog().apps[0]?.slug ?? "").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to app list");
    await page.keyboard.press("Enter");
    // The Apps and History switch, then the search box, then the first app.
    for (let tab = 0; tab < 4; tab++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-app-slug"))).toBe(
      getCatalog().apps[0]?.slug,
    );
    await page.keyboard.press("Enter");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id), SLOW_MACHINE)
      .toBe("composer-input");
    await page.keyboard.type("Me and him was late.");
    await page.keyboard.press("Enter");
    await expect.poll(() => assistantTurns().count(), SLOW_MACHINE).toBe(1);
  });

  it("follows a dark system theme", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe("rgb(14, 17, 21)");
    await saveScreenshot(page, "desktop-dark-chat");
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("fits a phone screen without horizontal scrolling, in light and dark", async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const mobile = await phone.newPage();
    collectConsoleErrors(mobile, consoleErrors);
    await mobile.goto(service.url);
    expect(await horizontalOverflow(mobile)).toBe(0);
    await saveScreenshot(mobile, "phone-light-home");

    await mobile.locator('[data-app-slug="default-sql-translate"]').tap();
    await mobile.getByRole("textbox", { name: /^Message to / }).fill(`List all users ${"x".repeat(300)}`);
    await mobile.getByRole("button", { name: "Send" }).tap();
    await mobile.locator("article.turn.assistant:not(.welcome)").waitFor();
    expect(await horizontalOverflow(mobile)).toBe(0);
    await saveScreenshot(mobile, "phone-light-chat");
    await mobile.emulateMedia({ colorScheme: "dark" });
    expect(await horizontalOverflow(mobile)).toBe(0);
    await saveScreenshot(mobile, "phone-dark-chat");
    await mobile.getByRole("link", { name: "← All apps" }).tap();
    await saveScreenshot(mobile, "phone-dark-home");
    await phone.close();
  });

  it("showed no console errors", () => {
    expect(consoleErrors).toEqual([]);
  });
});
