import { useEffect, useMemo, useRef } from "react";
import { renderMarkdown } from "../markdown/render.js";
import { copyText } from "./copy-text.js";

const COPIED_LABEL_MS = 2_000;

/** A model reply as Markdown; code blocks carry a Copy button (handled here, by delegation). */
export function Markdown({ text }: { text: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    element?.addEventListener("click", copyCodeOnClick);
    return () => element?.removeEventListener("click", copyCodeOnClick);
  }, []);

  // biome-ignore lint/security/noDangerouslySetInnerHtml: renderMarkdown sanitizes with DOMPurify
  return <div ref={container} className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

function copyCodeOnClick(event: Event) {
  if (!(event.target instanceof Element)) return;
  const button = event.target.closest<HTMLButtonElement>("[data-copy-code]");
  const code = button?.closest(".code-block")?.querySelector("code");
  if (!button || !code) return;
  copyText(code.textContent ?? "").then(
    () => flashLabel(button, "Copied"),
    () => {
      selectContents(code);
      flashLabel(button, "Press Ctrl+C");
    },
  );
}

function selectContents(element: Element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

function flashLabel(button: HTMLButtonElement, label: string) {
  button.textContent = label;
  window.setTimeout(() => {
    button.textContent = "Copy";
  }, COPIED_LABEL_MS);
}
