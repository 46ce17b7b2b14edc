import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./render.js";

describe("renderMarkdown without a DOM to sanitize in", () => {
  it("answers escaped plain text, never unsanitized HTML", () => {
    expect(renderMarkdown("**hi** <img src=x onerror=alert(1)>")).toBe(
      '<p class="plain">**hi** &lt;img src=x onerror=alert(1)&gt;</p>',
    );
  });
});
