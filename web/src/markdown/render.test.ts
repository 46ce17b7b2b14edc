// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./render.js";

describe("renderMarkdown", () => {
  it("highlights a fenced code block and gives it a copy button", () => {
    const html = renderMarkdown("Fixed:\n\n```python\ndef add(a, b):\n    return a + b\n```");
    const page = document.createElement("div");
    page.innerHTML = html;
    expect(page.querySelector(".code-lang")?.textContent).toBe("python");
    expect(page.querySelector("code.language-python .hljs-keyword")?.textContent).toBe("def");
    expect(page.querySelector("button[data-copy-code]")?.textContent).toBe("Copy");
    expect(page.querySelector("code")?.textContent).toBe("def add(a, b):\n    return a + b");
    // A keyboard user scrolls a long line by focusing the block.
    expect(page.querySelector("pre")?.getAttribute("tabindex")).toBe("0");
  });

  it("renders Markdown structure", () => {
    const html = renderMarkdown("**bold** and `code`\n\n- one\n- two");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain("<li>one</li>");
  });

  it("strips scripts and event handlers from model output", () => {
    const html = renderMarkdown(
      '<img src="x" onerror="alert(1)"><script>alert(2)</script>[a](javascript:alert(3))',
    );
    expect(html).not.toMatch(/onerror|<script|javascript:/);
  });

  it("opens links in a new tab without handing over this page", () => {
    const html = renderMarkdown("[docs](https://example.com/docs)");
    expect(html).toContain('target="_blank"');
    expect(html).toContain('rel="noopener noreferrer"');
  });

  it("escapes code in a language it does not know", () => {
    const html = renderMarkdown("```brainfuck\n<b>++</b>\n```");
    expect(html).toContain("&lt;b&gt;++&lt;/b&gt;");
    expect(html).toContain('<span class="code-lang">brainfuck</span>');
  });
});
