import type { LoadedPlugin } from "../plugins/loaded-plugin.js";
import { FuzzyTermIndex } from "./fuzzy-index.js";
import { type Token, termWords, tokenize } from "./words.js";

/**
 * Fuzzy matching only makes sense for terms much longer than the allowed distance: with a distance
 * of 3, "Lawrence" would also match "Florence". A term needs FUZZY_LENGTH_FACTOR times the distance.
 */
export const FUZZY_LENGTH_FACTOR = 3;

interface Term {
  words: string[];
  /** The word looked up first: the longest, as the least common. */
  key: string;
  /** Plugins this term selects on its own (from `strings`). */
  plugins: number[];
  /** Pairs this term is the checked half of (see the constructor). */
  pairs: number[];
}

interface Pair {
  plugin: number;
  terms: [number, number];
}

export interface SelectedPlugin extends LoadedPlugin {
  /** Index of the newest user message that mentions it; undefined for always_load plugins. */
  mentionedIn: number | undefined;
}

/**
 * The plugin set compiled once for matching: a prompt's words are looked up in maps, so the cost of
 * a match grows mostly with the prompt, not with the number of plugins and terms (see the bench).
 */
export class PluginIndex {
  readonly plugins: readonly LoadedPlugin[];
  readonly #terms: Term[] = [];
  readonly #termIds = new Map<string, number>();
  readonly #byKeyWord = new Map<string, number[]>();
  readonly #byCompact = new Map<string, number[]>();
  readonly #pairs: Pair[] = [];
  readonly #alwaysLoaded: number[] = [];
  readonly #fuzzy: FuzzyTermIndex | undefined;

  constructor(plugins: readonly LoadedPlugin[], fuzzyThreshold: number) {
    this.plugins = plugins;
    plugins.forEach(({ plugin }, pluginId) => {
      if (plugin.selector.directive === "always_load") {
        this.#alwaysLoaded.push(pluginId);
        return;
      }
      const terms = plugin.selector.search_terms ?? { strings: [], pairs: [] };
      for (const text of terms.strings) this.#term(text).term.plugins.push(pluginId);
      for (const pair of terms.pairs) {
        const [left, right] = [this.#term(pair[0]), this.#term(pair[1])];
        const pairId = this.#pairs.length;
        this.#pairs.push({ plugin: pluginId, terms: [left.id, right.id] });
        // A pair needs both halves, so it is enough to check it when one is found: the half with
        // the longer key word, which is likely the rarer in prompts ("gobstopper", not "the").
        const checked = left.term.key.length >= right.term.key.length ? left : right;
        checked.term.pairs.push(pairId);
      }
    });
    const minFuzzyLength = FUZZY_LENGTH_FACTOR * fuzzyThreshold;
    const fuzzyTerms = [...this.#byCompact.keys()].filter((compact) => compact.length >= minFuzzyLength);
    this.#fuzzy = fuzzyThreshold > 0 ? new FuzzyTermIndex(fuzzyTerms, fuzzyThreshold) : undefined;
  }

  /** The compiled term for a search string; equal terms in several plugins are compiled once. */
  #term(text: string): { id: number; term: Term } {
    const words = termWords(text);
    const spelled = words.join(" ");
    const known = this.#termIds.get(spelled);
    const knownTerm = known === undefined ? undefined : this.#terms[known];
    if (known !== undefined && knownTerm) return { id: known, term: knownTerm };
    const id = this.#terms.length;
    const key = words.reduce((longest, word) => (word.length > longest.length ? word : longest), "");
    const term: Term = { words, key, plugins: [], pairs: [] };
    this.#terms.push(term);
    this.#termIds.set(spelled, id);
    append(this.#byKeyWord, key, id);
    append(this.#byCompact, words.join(""), id);
    return { id, term };
  }

  /** The terms one message mentions: all words present, the whole term as one token, or a near miss. */
  #mentionedTerms(tokens: readonly Token[]): Set<number> {
    const words = new Set<string>();
    const compacts = new Set<string>();
    const capitalised = new Set<string>();
    for (const token of tokens) {
      for (const word of token.words) words.add(word);
      compacts.add(token.compact);
      if (token.capitalised) capitalised.add(token.compact);
    }
    const found = new Set<number>();
    for (const word of words)
      for (const id of this.#byKeyWord.get(word) ?? [])
        if (hasAllWords(this.#terms[id], words)) found.add(id);
    for (const compact of compacts) for (const id of this.#byCompact.get(compact) ?? []) found.add(id);
    if (this.#fuzzy)
      for (const compact of capitalised)
        for (const near of this.#fuzzy.near(compact))
          for (const id of this.#byCompact.get(near) ?? []) found.add(id);
    return found;
  }

  /**
   * The plugins the user messages refer to (each message on its own: a pair needs both halves in
   * one message), plus every always_load plugin. Newest mention first, then by name.
   */
  select(userMessages: readonly string[]): SelectedPlugin[] {
    const mentionedIn = new Map<number, number>();
    userMessages.forEach((text, messageIndex) => {
      const terms = this.#mentionedTerms(tokenize(text));
      for (const id of terms) {
        const term = this.#terms[id];
        for (const pluginId of term?.plugins ?? []) mentionedIn.set(pluginId, messageIndex);
        for (const pairId of term?.pairs ?? []) {
          const pair = this.#pairs[pairId];
          if (pair?.terms.every((half) => terms.has(half))) mentionedIn.set(pair.plugin, messageIndex);
        }
      }
    });
    const selected: SelectedPlugin[] = [];
    const add = (pluginId: number, messageIndex: number | undefined) => {
      const loaded = this.plugins[pluginId];
      if (loaded) selected.push({ ...loaded, mentionedIn: messageIndex });
    };
    for (const [pluginId, messageIndex] of mentionedIn) add(pluginId, messageIndex);
    for (const pluginId of this.#alwaysLoaded) add(pluginId, undefined);
    return selected.sort(
      (a, b) =>
        (b.mentionedIn ?? -1) - (a.mentionedIn ?? -1) ||
        a.plugin.meta_data.plugin_name.localeCompare(b.plugin.meta_data.plugin_name),
    );
  }
}

function hasAllWords(term: Term | undefined, words: ReadonlySet<string>): boolean {
  if (!term) return false;
  for (const word of term.words) if (!words.has(word)) return false;
  return true;
}

function append(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
