import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import python from "highlight.js/lib/languages/python";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";

// The languages the catalog's apps answer in (Python apps, SQL, the website writer, CSV/JSON
// parsers); the core build keeps the bundle small.
const LANGUAGES = { bash, css, javascript, json, python, sql, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

// Guessing the language of long unlabelled blocks costs more than it is worth.
const AUTO_DETECT_MAX_CHARS = 5_000;

/** Highlighted HTML for a code block, and the language it was read as (if any). */
export function highlightCode(code: string, lang: string | undefined): { html: string; language?: string } {
  const requested = lang?.trim().split(/\s+/)[0]?.toLowerCase();
  if (requested && hljs.getLanguage(requested)) {
    return { html: hljs.highlight(code, { language: requested }).value, language: requested };
  }
  if (!requested && code.length <= AUTO_DETECT_MAX_CHARS) {
    const guess = hljs.highlightAuto(code);
    if (guess.language && guess.relevance >= 5) return { html: guess.value, language: guess.language };
  }
  const label = requested ? { language: requested } : {};
  return { html: escapeHtml(code), ...label };
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
