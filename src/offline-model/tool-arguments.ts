import { shorten, singleLine } from "./message-text.js";
import type { ToolParameters } from "./request-schema.js";
import { sameWord, wordsOf } from "./word-match.js";

/**
 * Arguments an offline "model" can honestly derive from the user's words: a place named after
 * in/at/for, the enum value whose words the user used, and plain defaults for the rest.
 */

const CAPITALISED_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*`;
const PLACE_NAME = String.raw`${CAPITALISED_WORD}(?:\s+${CAPITALISED_WORD})*`;
const PLACE_AFTER_PREPOSITION = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:[Ii]n|[Aa]t|[Ff]or)\s+(${PLACE_NAME}(?:,\s*${PLACE_NAME})*)`,
  "u",
);

/** "weather in New York?" -> "New York"; "at Paris, France." -> "Paris, France". */
export function extractPlace(text: string): string | undefined {
  const place = PLACE_AFTER_PREPOSITION.exec(text)?.[1];
  return place?.replace(/[.'’-]+$/u, "");
}

/** The value sharing the most words with the user's text; the first value when none shares any. */
function bestEnumValue(values: readonly unknown[], userText: string): unknown {
  const userWords = wordsOf(userText);
  let best = values[0];
  let bestScore = 0;
  for (const value of values) {
    const score = wordsOf(String(value)).filter((word) =>
      userWords.some((user) => sameWord(user, word)),
    ).length;
    if (score > bestScore) {
      best = value;
      bestScore = score;
    }
  }
  return best;
}

type PropertySchema = NonNullable<ToolParameters["properties"]>[string];

function defaultFor(property: PropertySchema, userText: string): unknown {
  if (property.enum && property.enum.length > 0) return property.enum[0];
  switch (property.type) {
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return {};
    default:
      return shorten(singleLine(userText), 80);
  }
}

/** The single enum property of a "which slice of information" tool, if the tool is one. */
export function soleEnumProperty(parameters: ToolParameters | undefined): string | undefined {
  const entries = Object.entries(parameters?.properties ?? {});
  const [only] = entries;
  if (entries.length !== 1 || !only) return undefined;
  const [name, property] = only;
  return property.enum && property.enum.length > 0 ? name : undefined;
}

/** Fills the location, the sole enum property and every required property; leaves optional ones out. */
export function buildArguments(
  parameters: ToolParameters | undefined,
  userText: string,
  place: string | undefined,
): Record<string, unknown> {
  const properties = parameters?.properties ?? {};
  const enumName = soleEnumProperty(parameters);
  const wanted = new Set(parameters?.required ?? []);
  if ("location" in properties) wanted.add("location");
  if (enumName) wanted.add(enumName);

  const args: Record<string, unknown> = {};
  for (const name of wanted) {
    const property = properties[name] ?? {};
    if (name === "location") args[name] = place ?? shorten(singleLine(userText), 80);
    else if (name === enumName) args[name] = bestEnumValue(property.enum ?? [], userText);
    else args[name] = defaultFor(property, userText);
  }
  return args;
}
