import { shorten, singleLine } from "./message-text.js";

/**
 * A tool's result told in a sentence, as a model would pass it on: `get_current_weather returned
 * temperature 14.2 and wind speed 3.1`, never the raw JSON cut off mid-value.
 */

const MAX_FIELDS = 4;
const MAX_LIST_ITEMS = 3;
const TEXT_MAX_CHARS = 80;
const SENTENCE_MAX_CHARS = 400;

export function toolResultSentence(toolName: string, resultText: string): string {
  const value = parsedJson(resultText);
  if (value === undefined) {
    const text = singleLine(resultText);
    return text === ""
      ? `${toolName} returned nothing`
      : `${toolName} said “${shorten(text, TEXT_MAX_CHARS)}”`;
  }
  return `${toolName} returned ${shorten(describe(value, 0), SENTENCE_MAX_CHARS)}`;
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// The result's top level is told field by field, the two levels below in parentheses, anything deeper by count.
const DETAILED_DEPTH = 3;

function describe(value: unknown, depth: number): string {
  if (value === null) return "no value";
  if (Array.isArray(value)) return describeList(value, depth);
  if (typeof value === "object") return describeFields(value as Record<string, unknown>, depth);
  if (typeof value === "string") return `“${shorten(singleLine(value), TEXT_MAX_CHARS)}”`;
  return String(value);
}

function describeList(items: unknown[], depth: number): string {
  if (items.length === 0) return "an empty list";
  const count = `${items.length} ${items.length === 1 ? "item" : "items"}`;
  if (depth >= DETAILED_DEPTH) return count;
  const numbers = items.filter((item) => typeof item === "number");
  if (depth > 0 && numbers.length === items.length && items.length > 1) {
    return `${Math.min(...numbers)} to ${Math.max(...numbers)} (${items.length} values)`;
  }
  const more = items.length > MAX_LIST_ITEMS ? ` and ${items.length - MAX_LIST_ITEMS} more` : "";
  const shown = items.slice(0, MAX_LIST_ITEMS).map((item) => describe(item, depth + 1));
  if (items.some((item) => typeof item === "object" && item !== null)) {
    return `${count}: ${shown.join("; ")}${more}`;
  }
  return `${joinWords(shown)}${more}`;
}

function describeFields(fields: Record<string, unknown>, depth: number): string {
  const entries = Object.entries(fields);
  if (entries.length === 0) return "no details";
  if (depth >= DETAILED_DEPTH) return `${entries.length} ${entries.length === 1 ? "detail" : "details"}`;
  const shown = entries
    .slice(0, MAX_FIELDS)
    .map(([key, value]) => `${humanKey(key)} ${describe(value, depth + 1)}`);
  const more = entries.length > MAX_FIELDS ? ` and ${entries.length - MAX_FIELDS} more fields` : "";
  return depth === 0 ? `${joinWords(shown)}${more}` : `(${shown.join(", ")}${more})`;
}

/** `temperature_2m` → `temperature 2m`, `windSpeed` → `wind speed`. */
function humanKey(key: string): string {
  return key
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
}

function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
