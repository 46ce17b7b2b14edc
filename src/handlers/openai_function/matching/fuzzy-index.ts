import { distance } from "fastest-levenshtein";

const Q = 3;

/**
 * Finds the terms within a Levenshtein distance of a word without comparing the word to every term.
 *
 * Filter (the q-gram lemma): with each string padded by Q-1 start and end marks, an edit destroys
 * at most Q of its Q-grams, so two strings within distance k share at least
 * max(length) + Q - 1 - Qk of them. Trigrams are rare enough that few terms share any with a word,
 * and with terms at least 3k long (see FUZZY_LENGTH_FACTOR) the bound is always at least 2. Terms
 * are numbered in order of length, so each posting list is sorted by length and only the slice of
 * lengths within k of the word is read. Survivors are confirmed with the real distance: the result
 * is exactly what comparing against every term would give.
 */
export class FuzzyTermIndex {
  readonly #terms: string[];
  readonly #maxDistance: number;
  /** Q-gram -> ids of the terms holding it (ascending), and how many times each holds it. */
  readonly #postings = new Map<string, { ids: Int32Array; counts: Uint8Array }>();
  /** firstIdOfLength[n]: the first id whose term is at least n characters long. */
  readonly #firstIdOfLength: number[] = [];
  readonly #shared: Uint16Array;
  readonly #touched: number[] = [];

  constructor(terms: Iterable<string>, maxDistance: number) {
    this.#terms = [...new Set(terms)].sort((a, b) => a.length - b.length);
    this.#maxDistance = maxDistance;
    this.#shared = new Uint16Array(this.#terms.length);
    const longest = this.#terms.at(-1)?.length ?? 0;
    let id = 0;
    for (let length = 0; length <= longest + 1; length++) {
      while (id < this.#terms.length && (this.#terms[id]?.length ?? 0) < length) id++;
      this.#firstIdOfLength.push(id);
    }
    const building = new Map<string, { ids: number[]; counts: number[] }>();
    this.#terms.forEach((term, termId) => {
      for (const [gram, count] of gramCounts(term)) {
        let posting = building.get(gram);
        if (!posting) {
          posting = { ids: [], counts: [] };
          building.set(gram, posting);
        }
        posting.ids.push(termId);
        posting.counts.push(count);
      }
    });
    // Typed arrays: compact, and fast to scan. A term has at most a few hundred grams.
    for (const [gram, { ids, counts }] of building)
      this.#postings.set(gram, { ids: Int32Array.from(ids), counts: Uint8Array.from(counts) });
  }

  get size(): number {
    return this.#terms.length;
  }

  #firstId(length: number): number {
    const clamped = Math.max(0, Math.min(length, this.#firstIdOfLength.length - 1));
    return this.#firstIdOfLength[clamped] ?? this.#terms.length;
  }

  /** The terms within the distance of `word` (both lower case). */
  near(word: string): string[] {
    const k = this.#maxDistance;
    const lo = this.#firstId(word.length - k);
    const hi = this.#firstId(word.length + k + 1);
    if (lo >= hi) return [];
    const shared = this.#shared;
    const touched = this.#touched;
    for (const [gram, wordCount] of gramCounts(word)) {
      const posting = this.#postings.get(gram);
      if (!posting) continue;
      const { ids, counts } = posting;
      for (let i = lowerBound(ids, lo); i < ids.length; i++) {
        const termId = ids[i] ?? hi;
        if (termId >= hi) break;
        const before = shared[termId] ?? 0;
        if (before === 0) touched.push(termId);
        shared[termId] = before + Math.min(wordCount, counts[i] ?? 0);
      }
    }
    const found: string[] = [];
    for (const termId of touched) {
      const term = this.#terms[termId] ?? "";
      if ((shared[termId] ?? 0) >= sharedGramsNeeded(word, term, k) && distance(word, term) <= k)
        found.push(term);
      shared[termId] = 0;
    }
    touched.length = 0;
    // Where the bound is 0 or less (short terms) the filter proves nothing: compare those directly.
    for (let termId = lo; termId < hi; termId++) {
      const term = this.#terms[termId] ?? "";
      if (sharedGramsNeeded(word, term, k) > 0) break;
      if (distance(word, term) <= k && !found.includes(term)) found.push(term);
    }
    return found;
  }
}

function sharedGramsNeeded(word: string, term: string, maxDistance: number): number {
  return Math.max(word.length, term.length) + Q - 1 - Q * maxDistance;
}

const START = "\u0002".repeat(Q - 1);
const END = "\u0003".repeat(Q - 1);

function gramCounts(text: string): Map<string, number> {
  // UTF-16 code units, like the lengths and the distance itself.
  const padded = `${START}${text}${END}`;
  const counts = new Map<string, number>();
  for (let i = 0; i + Q <= padded.length; i++) {
    const gram = padded.slice(i, i + Q);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function lowerBound(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? value) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
