import { distance } from "fastest-levenshtein";
import { FUZZY_LENGTH_FACTOR } from "../../../src/handlers/openai_function/matching/plugin-index.js";
import { type Token, termWords, tokenize } from "../../../src/handlers/openai_function/matching/words.js";
import type { LoadedPlugin } from "../../../src/handlers/openai_function/plugins/loaded-plugin.js";

/**
 * The matching rules applied the obvious way: every term of every plugin against every message.
 * The compiled index must select exactly the same plugins; the benchmark measures against it.
 */
interface Message {
  tokens: Token[];
  words: Set<string>;
}

function mentions({ tokens, words }: Message, term: string, threshold: number): boolean {
  const wanted = termWords(term);
  const compact = wanted.join("");
  if (wanted.every((word) => words.has(word))) return true;
  if (tokens.some((token) => token.compact === compact)) return true;
  if (threshold === 0 || compact.length < FUZZY_LENGTH_FACTOR * threshold) return false;
  return tokens.some((token) => token.capitalised && distance(token.compact, compact) <= threshold);
}

export function naiveSelect(
  plugins: readonly LoadedPlugin[],
  userMessages: readonly string[],
  threshold: number,
): Set<string> {
  const messages = userMessages.map((text): Message => {
    const tokens = tokenize(text);
    return { tokens, words: new Set(tokens.flatMap((token) => token.words)) };
  });
  const selected = new Set<string>();
  for (const { plugin } of plugins) {
    const name = plugin.meta_data.plugin_name;
    if (plugin.selector.directive === "always_load") selected.add(name);
    const terms = plugin.selector.search_terms ?? { strings: [], pairs: [] };
    for (const message of messages) {
      if (terms.strings.some((term) => mentions(message, term, threshold))) selected.add(name);
      if (terms.pairs.some((pair) => pair.every((term) => mentions(message, term, threshold))))
        selected.add(name);
    }
  }
  return selected;
}
