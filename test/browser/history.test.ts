import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalService } from "../../src/local/start.js";
import { seriousAxeViolations } from "./support/axe.js";
import { launchChromium } from "./support/chromium.js";
import {
  collectConsoleErrors,
  horizontalOverflow,
  SLOW_MACHINE,
  saveScreenshot,
} from "./support/page-checks.js";
import { buildWebUi, startWebService } from "./support/web-ui.js";

/**
 * Conversations kept on the server, through the web UI: they survive a reload, show in a fresh
 * browser, reopen, delete, and take an edit or a regenerated answer as the server's copy too.
 */

// Read by page.evaluate callbacks, which run in the page.
declare const navigator: { readonly clipboard: { readText(): Promise<string> } };
declare const location: { readonly hash: string };

const APP = "default-marv-sarcastic-chat";

interface StoredTurn {
  seq: number;
  role: string;
  content: string;
}

let browser: Browser;
let service: LocalService;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
/** The page's reads of the conversation list (GET /conversations, not one conversation). */
let listReads = 0;

beforeAll(async () => {
  const [webRoot, launched] = await Promise.all([buildWebUi(), launchChromium()]);
  browser = launched;
  service = await startWebService(webRoot, {
    THROTTLE_SETTINGS_RATE_LIMIT: "1000",
    THROTTLE_SETTINGS_BURST_LIMIT: "100",
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  collectConsoleErrors(page, consoleErrors);
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/conversations") listReads += 1;
  });
  await page.goto(`${service.url}/#/apps/${APP}`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

const messageBox = (on: Page = page) => on.getByRole("textbox", { name: /^Message to / });
const answers = (on: Page = page) => on.locator("article.turn.assistant:not(.welcome)");
const userTurns = (on: Page = page) => on.locator("article.turn.user");

async function sendTyped(text: string, on: Page = page) {
  const before = await answers(on).count();
  await messageBox(on).fill(text);
  const request = on.waitForRequest((r) => r.method() === "POST" && r.url().includes("/examples/"));
  await messageBox(on).press("Enter");
  const body = (await request).postDataJSON() as Record<string, unknown>;
  await expect.poll(() => answers(on).count(), SLOW_MACHINE).toBe(before + 1);
  return body;
}

function conversationIdOf(on: Page): Promise<string | undefined> {
  return on.evaluate(() => /\/c\/([\w-]+)$/.exec(location.hash)?.[1]);
}

async function stored(id: string): Promise<{ status: number; turns: StoredTurn[] }> {
  const response = await fetch(`${service.url}/conversations/${id}`);
  if (response.status !== 200) return { status: response.status, turns: [] };
  return { status: 200, turns: ((await response.json()) as { turns: StoredTurn[] }).turns };
}

async function showHistory(on: Page) {
  await on.getByRole("button", { name: "History" }).click();
  await on.getByRole("list", { name: "Conversations" }).waitFor();
}

let conversationId = "";

describe("conversations kept on the server", () => {
  it("sends a conversation_id instead of the history, and names the conversation in the address", async () => {
    const first = await sendTyped("How many pounds are in a kilogram?");
    expect(first).toMatchObject({ input_text: "How many pounds are in a kilogram?" });
    expect(first).not.toHaveProperty("chat_history");
    conversationId = String(first["conversation_id"]);
    expect(conversationId).toMatch(/^c-[0-9a-f]{32}$/);
    const second = await sendTyped("And in a stone?");
    expect(second["conversation_id"]).toBe(conversationId);
    expect(await conversationIdOf(page)).toBe(conversationId);
    // The list is read only once it is shown: each read counts against a key's quota.
    expect(listReads).toBe(0);
    expect((await stored(conversationId)).turns.map((turn) => turn.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
  });

  it("shows each answer's token usage from the answer's usage", async () => {
    const response = page.waitForResponse((r) => r.url().endsWith(`/examples/${APP}`));
    await sendTyped("Third question");
    const events = (await (await response).text()).split("\n\n");
    const usageEvent = events.find((event) => event.includes('"usage":{'));
    const usage = (
      JSON.parse(usageEvent?.replace(/^data: /, "") ?? "{}") as { usage: Record<string, number> }
    ).usage;
    expect(await answers().last().locator(".usage").textContent()).toBe(
      `${usage["prompt_tokens"]} + ${usage["completion_tokens"]} = ${usage["total_tokens"]} tokens`,
    );
  });

  it("keeps the chat through a reload", async () => {
    await page.reload();
    await expect.poll(() => userTurns().count(), SLOW_MACHINE).toBe(3);
    expect(await userTurns().first().textContent()).toContain("How many pounds are in a kilogram?");
    expect(await answers().count()).toBe(3);
    await saveScreenshot(page, "history-after-reload");
    // The next turn goes on in the same stored conversation.
    const body = await sendTyped("Fourth question");
    expect(body["conversation_id"]).toBe(conversationId);
    expect((await stored(conversationId)).turns).toHaveLength(8);
  });

  it("copies a whole answer as its Markdown source", async () => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const answer = answers().first();
    await answer.getByRole("button", { name: "Copy answer" }).click();
    await expect.poll(() => answer.getByRole("button", { name: "Copied" }).count(), SLOW_MACHINE).toBe(1);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe((await stored(conversationId)).turns[1]?.content);
    expect(copied).toContain("**streaming**");
  });

  it("regenerates the last answer: the server keeps one answer to that question", async () => {
    const before = (await stored(conversationId)).turns;
    const request = page.waitForRequest((r) => r.method() === "POST" && r.url().includes("/examples/"));
    await answers().last().getByRole("button", { name: "Regenerate" }).click();
    const body = (await request).postDataJSON() as Record<string, unknown>;
    expect(body).toMatchObject({ input_text: "Fourth question", conversation_id: conversationId });
    await expect.poll(async () => (await stored(conversationId)).turns.length, SLOW_MACHINE).toBe(8);
    await expect.poll(() => answers().count(), SLOW_MACHINE).toBe(4);
    const after = (await stored(conversationId)).turns;
    expect(after.slice(0, 6)).toEqual(before.slice(0, 6));
    expect(after.map((turn) => turn.content).filter((c) => c === "Fourth question")).toHaveLength(1);
    expect(await userTurns().count()).toBe(4);
  });

  it("edits a sent message and resends it: the later turns go, here and on the server", async () => {
    const second = userTurns().nth(1);
    await second.getByRole("button", { name: "Edit" }).click();
    const editor = page.getByRole("form", { name: "Edit your message" });
    await editor.getByRole("textbox").fill("And in a pound, in grams?");
    await saveScreenshot(page, "history-editing");
    const request = page.waitForRequest((r) => r.method() === "POST" && r.url().includes("/examples/"));
    await editor.getByRole("button", { name: "Send" }).click();
    expect(((await request).postDataJSON() as Record<string, unknown>)["conversation_id"]).toBe(
      conversationId,
    );
    await expect.poll(() => answers().count(), SLOW_MACHINE).toBe(2);
    expect(await userTurns().allTextContents()).toEqual([
      expect.stringContaining("How many pounds are in a kilogram?"),
      expect.stringContaining("And in a pound, in grams?"),
    ]);
    const server = (await stored(conversationId)).turns;
    expect(server.map((turn) => [turn.role, turn.role === "user" ? turn.content : ""])).toEqual([
      ["user", "How many pounds are in a kilogram?"],
      ["assistant", ""],
      ["user", "And in a pound, in grams?"],
      ["assistant", ""],
    ]);
    expect(server[3]?.content).toContain("(2 earlier messages in this conversation)");
    await saveScreenshot(page, "history-edited");
  });

  it("edits the first message as a new conversation, titled by the new text", async () => {
    await userTurns().first().getByRole("button", { name: "Edit" }).click();
    const editor = page.getByRole("form", { name: "Edit your message" });
    await editor.getByRole("textbox").fill("What is a kilogram?");
    await editor.getByRole("textbox").press("Enter");
    await expect.poll(() => conversationIdOf(page), SLOW_MACHINE).not.toBe(conversationId);
    await expect.poll(() => answers().count(), SLOW_MACHINE).toBe(1);
    expect((await stored(conversationId)).status).toBe(404);
    conversationId = (await conversationIdOf(page)) ?? "";
    expect((await stored(conversationId)).turns.map((turn) => turn.content)[0]).toBe("What is a kilogram?");
  });

  it("lists the conversation, with its app, in a fresh browser context, and reopens it there", async () => {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const other = await fresh.newPage();
      collectConsoleErrors(other, consoleErrors);
      await other.goto(service.url);
      await showHistory(other);
      const item = other.locator(`[data-conversation-id="${conversationId}"]`);
      await item.waitFor(SLOW_MACHINE);
      expect(await item.textContent()).toContain("What is a kilogram?");
      expect(await item.textContent()).toContain("Marv the sarcastic chatbot");
      await saveScreenshot(other, "history-fresh-context");
      expect(await seriousAxeViolations(other)).toEqual([]);
      await item.click();
      await expect.poll(() => userTurns(other).count(), SLOW_MACHINE).toBe(1);
      expect(await other.locator("#chat-title").textContent()).toBe("Marv the sarcastic chatbot");
      expect(await conversationIdOf(other)).toBe(conversationId);
      expect(await seriousAxeViolations(other)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it("deletes a conversation from the list: it leaves the list, the server and the open chat", async () => {
    await showHistory(page);
    const item = page.locator(".history-item", {
      has: page.locator(`[data-conversation-id="${conversationId}"]`),
    });
    await item.getByRole("button", { name: /^Delete/ }).click();
    await item.waitFor({ state: "detached" });
    expect((await stored(conversationId)).status).toBe(404);
    await expect.poll(() => userTurns().count(), SLOW_MACHINE).toBe(0);
    expect(await conversationIdOf(page)).toBeUndefined();
    await page.reload();
    await showHistory(page);
    expect(await page.locator(`[data-conversation-id="${conversationId}"]`).count()).toBe(0);
  });

  it("says so when an address names a conversation that is gone", async () => {
    await page.goto(`${service.url}/#/apps/${APP}/c/c-gone`);
    await page.getByRole("alert").filter({ hasText: "This conversation is gone" }).waitFor(SLOW_MACHINE);
    await page.getByRole("button", { name: "New chat" }).click();
    await expect.poll(() => page.getByRole("alert").count(), SLOW_MACHINE).toBe(0);
    await page.locator("button.example").first().waitFor();
  });

  it("shows the history on a phone without horizontal scrolling, and opens a conversation from it", async () => {
    await sendTyped("A question from the desk");
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    try {
      const mobile = await phone.newPage();
      collectConsoleErrors(mobile, consoleErrors);
      await mobile.goto(service.url);
      await mobile.getByRole("button", { name: "History" }).tap();
      const item = mobile.locator(".history-item a").first();
      await item.waitFor(SLOW_MACHINE);
      expect(await horizontalOverflow(mobile)).toBe(0);
      await saveScreenshot(mobile, "phone-history");
      await item.tap();
      await expect.poll(() => userTurns(mobile).count(), SLOW_MACHINE).toBe(1);
      expect(await horizontalOverflow(mobile)).toBe(0);
      await saveScreenshot(mobile, "phone-history-opened");
    } finally {
      await phone.close();
    }
  });

  it("showed no console errors but the gone conversation's 404", () => {
    expect(consoleErrors.filter((line) => !/status of 404/.test(line))).toEqual([]);
  });
});
