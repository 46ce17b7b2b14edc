import { PluginIndex } from "../src/handlers/openai_function/matching/plugin-index.js";
import type { LoadedPlugin } from "../src/handlers/openai_function/plugins/loaded-plugin.js";
import { naiveSelect } from "../test/function-calling/support/naive-matcher.js";

/**
 * Plugin matching: N plugins of 20 search terms each against a 2,000-character prompt, with the
 * compiled index, and (as the baseline) checking every term against the prompt.
 */

const TERMS_PER_PLUGIN = 20;
const PROMPT_CHARS = 2_000;
const FUZZY_THRESHOLD = 3;
const SYLLABLES =
  "ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo bel dor fen gal hox jun kor lim mar nel pry rin sto tam vex wen zan".split(
    " ",
  );
const ENGLISH =
  "the a and of to in is that it for on with as was be by this are or from at have not but what all were when we there can an your which their said if do will each about how up out them then she many some so these would other into has more her two like him see time could no make than first been its who now people my made over did down only way find use may water long little very after words called just where most know get through back much before go good new write our used me man too any day same right look think also around another came come work three word must because does part even place well such here take why things help put years different away again off went old number great tell men say small every found still between name should home big give air line set own under read last never us left end along while might next sound below saw something thought both few those always looked show large often together asked house world going want school important until form food keep children feet land side without boy once animals life enough took sometimes four head above kind began almost live page got earth need far hand high year mother light parts country father let night following picture being study second eyes soon times story boys since white days ever paper hard near sentence better best across during today others however sure means knew try told young miles sun ways thing whole hear example heard several change answer room sea against top turned learn point city play toward five using himself usually".split(
    " ",
  );

/** mulberry32: the same plugins and prompt in every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)] as T;
}

function pseudoWord(next: () => number): string {
  const syllables = 2 + Math.floor(next() * 3);
  const word = Array.from({ length: syllables }, () => pick(next, SYLLABLES)).join("");
  return word[0]?.toUpperCase() + word.slice(1);
}

function plugins(count: number): LoadedPlugin[] {
  const next = random(count);
  return Array.from({ length: count }, (_, id) => {
    const strings: string[] = [];
    const pairs: [string, string][] = [];
    for (let t = 0; t < TERMS_PER_PLUGIN; t++) {
      const kind = next();
      if (kind < 0.6) strings.push(pseudoWord(next));
      else if (kind < 0.85) strings.push(`${pseudoWord(next)} ${pseudoWord(next)}`);
      else pairs.push([pseudoWord(next), pick(next, ENGLISH)]);
    }
    return {
      source: `bench-${id}.yaml`,
      plugin: {
        meta_data: {
          plugin_name: `Bench${id}`,
          plugin_description: "bench",
          plugin_version: "0.1.0",
          plugin_author: "bench",
        },
        selector: { directive: "search_terms", search_terms: { strings, pairs } },
        prompting: { system_prompt: "bench" },
        function_calling: { function_description: "bench", additional_information: { facts: "bench" } },
      },
    };
  });
}

/**
 * English sentences (each capitalised) with a few real terms of the plugin set planted in them, two
 * of them misspelt, so exact words, pairs and fuzzy lookups all take part as in a real prompt.
 */
function prompt(set: readonly LoadedPlugin[]): string {
  const next = random(7);
  const planted: string[] = [];
  for (const index of [1, 3, 5, 8, 9]) {
    const terms = set[(index * 7919) % set.length]?.plugin.selector.search_terms;
    const term = terms?.strings[0] ?? "";
    planted.push(index >= 8 ? `${term.slice(0, 3)}${term.slice(4)}` : term);
  }
  const sentences: string[] = [];
  let length = 0;
  while (length < PROMPT_CHARS) {
    const words = Array.from({ length: 8 + Math.floor(next() * 10) }, () => pick(next, ENGLISH));
    if (sentences.length % 4 === 1 && planted.length > 0) words.splice(3, 0, planted.pop() ?? "");
    const sentence = `${words.join(" ")}.`;
    const capitalised = sentence[0]?.toUpperCase() + sentence.slice(1);
    sentences.push(capitalised);
    length += capitalised.length + 1;
  }
  return sentences.join(" ").slice(0, PROMPT_CHARS);
}

/**
 * The time of one call, as the mean of the fastest of several batches: the machine is shared, and
 * the fastest batch is the one least disturbed by other work.
 */
function microsecondsPerCall(call: () => void, budgetMs: number): number {
  const batches = 10;
  // The warm-up lets the JIT compile the hot code; it also sizes a batch to a tenth of the budget.
  let calls = 0;
  let started = performance.now();
  while (performance.now() - started < budgetMs / batches) {
    call();
    calls++;
  }
  calls = Math.max(1, Math.round(calls / 2));
  let fastest = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < batches; batch++) {
    started = performance.now();
    for (let i = 0; i < calls; i++) call();
    fastest = Math.min(fastest, ((performance.now() - started) * 1000) / calls);
  }
  return fastest;
}

export default async function bench(): Promise<void> {
  const rows: string[] = [];
  const perMatch: number[] = [];
  let text = "";
  for (const count of [10, 100, 1_000]) {
    const set = plugins(count);
    text = prompt(set);
    const buildStarted = performance.now();
    const index = new PluginIndex(set, FUZZY_THRESHOLD);
    const buildMs = performance.now() - buildStarted;
    const selected = index.select([text]).length;
    const indexed = microsecondsPerCall(() => index.select([text]), 400);
    const scanned = microsecondsPerCall(() => naiveSelect(set, [text], FUZZY_THRESHOLD), 400);
    perMatch.push(indexed);
    rows.push(
      `${String(count).padStart(7)} ${String(count * TERMS_PER_PLUGIN).padStart(7)} ${buildMs.toFixed(1).padStart(9)} ` +
        `${indexed.toFixed(1).padStart(12)} ${scanned.toFixed(0).padStart(12)} ${(scanned / indexed).toFixed(0).padStart(9)}x ${String(selected).padStart(9)}`,
    );
  }
  process.stdout.write(
    `prompt: ${text.length} characters with 5 planted terms (2 misspelt), fuzzy threshold ${FUZZY_THRESHOLD}\n` +
      `plugins   terms  build ms  index µs/match  scan µs/match  index is  selected\n${rows.join("\n")}\n` +
      `index time from 10 to 1,000 plugins: x${((perMatch[2] ?? 0) / (perMatch[0] ?? 1)).toFixed(2)} ` +
      `(target: under 1,000 µs per match at 1,000 plugins)\n`,
  );
}
