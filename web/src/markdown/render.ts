import DOMPurify from "dompurify";
import { Marked } from "marked";
import { escapeHtml, highlightCode } from "./highlighter.js";

const COPY_BUTTON = '<button type="button" class="copy-code" data-copy-code>Copy</button>';

const marked = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    code({ text, lang }) {
      const { html, language } = highlightCode(text, lang);
      const label = language ? `<span class="code-lang">${escapeHtml(language)}</span>` : "<span></span>";
      const codeClass = language ? `hljs language-${escapeHtml(language)}` : "hljs";
      // Focusable so a keyboard can scroll a long line sideways (axe: scrollable-region-focusable).
      return `<div class="code-block"><div class="code-head">${label}${COPY_BUTTON}</div><pre tabindex="0"><code class="${codeClass}">${html}</code></pre></div>`;
    },
  },
});

// Model output is untrusted: links open in a new tab without handing it this page.
if (DOMPurify.isSupported) {
  DOMPurify.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A" && node.hasAttribute("href")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });
}

/** Safe HTML for a model reply written in Markdown. */
export function renderMarkdown(markdown: string): string {
  // Without a DOM DOMPurify hands its input back unchanged; plain text is the safe answer then.
  if (!DOMPurify.isSupported) return `<p class="plain">${escapeHtml(markdown)}</p>`;
  const html = marked.parse(markdown, { async: false });
  return DOMPurify.sanitize(html, { ADD_ATTR: ["target"] });
}
