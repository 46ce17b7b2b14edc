import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

// Read by a page.evaluate callback, which runs in the page: the Node type-check has no DOM lib.
declare const document: {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
};

const ARTIFACTS = fileURLToPath(new URL("../../../test-artifacts/browser/", import.meta.url));

/** Records every console error and uncaught exception of a page into `errors`, for the test to assert on. */
export function collectConsoleErrors(page: Page, errors: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
}

/** How far the page is wider than its viewport; 0 means no horizontal scrolling. */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${name}.png` });
}

/** For expect.poll: answers and renders take longer while the whole suite shares two cores. */
export const SLOW_MACHINE = { timeout: 15_000, interval: 50 };
