/**
 * The Markdown part of an offline answer, chosen by what the prompt asks for, so a person trying the UI
 * without a key sees it render a code block, a table or a list as a real model's answer would.
 */

// Names people type for a language, and the fence tag the UI highlights it by.
const LANGUAGES: Readonly<Record<string, string>> = {
  python: "python",
  javascript: "javascript",
  js: "javascript",
  typescript: "typescript",
  ts: "typescript",
  sql: "sql",
  bash: "bash",
  shell: "bash",
  java: "java",
  golang: "go",
  rust: "rust",
};
const CODE_WORDS = new Set([
  "code",
  "function",
  "script",
  "program",
  "snippet",
  "implement",
  "class",
  "regex",
]);
const TABLE_WORDS = new Set(["table", "compare", "comparison", "versus", "vs"]);

export function markdownSection(userText: string): string {
  // Not wordsOf: it splits "TypeScript" in two.
  const words = userText
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
  const language = words.map((word) => LANGUAGES[word]).find((tag) => tag !== undefined);
  if (language !== undefined || words.some((word) => CODE_WORDS.has(word))) {
    return codeSection(language ?? "python", words.length);
  }
  if (words.some((word) => TABLE_WORDS.has(word))) return tableSection(words.length);
  return listSection();
}

function codeSection(language: string, wordCount: number): string {
  const sample = CODE_SAMPLES[language] ?? pythonSample;
  return [
    `A sketch in ${language}; a real model would write the code you asked for:`,
    "",
    `\`\`\`${language}`,
    sample(wordCount),
    "```",
  ].join("\n");
}

function pythonSample(n: number): string {
  return [
    "def offline_answer(prompt: str) -> str:",
    "    # No model was asked: this only shows how code renders.",
    `    words = ${n}`,
    '    return f"{words} words received: {prompt!r}"',
  ].join("\n");
}

const CODE_SAMPLES: Readonly<Record<string, (wordCount: number) => string>> = {
  python: pythonSample,
  javascript: (n) =>
    [
      "function offlineAnswer(prompt) {",
      "  // No model was asked: this only shows how code renders.",
      `  const words = ${n};`,
      '  return words + " words received: " + prompt;',
      "}",
    ].join("\n"),
  typescript: (n) =>
    [
      "function offlineAnswer(prompt: string): string {",
      "  // No model was asked: this only shows how code renders.",
      `  const words = ${n};`,
      '  return words + " words received: " + prompt;',
      "}",
    ].join("\n"),
  sql: (n) =>
    [
      "-- No model was asked: this only shows how code renders.",
      `SELECT prompt, ${n} AS words`,
      "FROM offline_answers",
      "LIMIT 1;",
    ].join("\n"),
  bash: (n) =>
    [
      "# No model was asked: this only shows how code renders.",
      `words=${n}`,
      'echo "$words words received"',
    ].join("\n"),
  java: (n) =>
    [
      "String offlineAnswer(String prompt) {",
      "    // No model was asked: this only shows how code renders.",
      `    int words = ${n};`,
      '    return words + " words received: " + prompt;',
      "}",
    ].join("\n"),
  go: (n) =>
    [
      "func offlineAnswer(prompt string) string {",
      "\t// No model was asked: this only shows how code renders.",
      `\twords := ${n}`,
      '\treturn fmt.Sprintf("%d words received: %s", words, prompt)',
      "}",
    ].join("\n"),
  rust: (n) =>
    [
      "fn offline_answer(prompt: &str) -> String {",
      "    // No model was asked: this only shows how code renders.",
      `    let words = ${n};`,
      '    format!("{words} words received: {prompt}")',
      "}",
    ].join("\n"),
};

function tableSection(wordCount: number): string {
  return [
    "| | Offline model | Real model |",
    "| --- | --- | --- |",
    "| Needs a key | No | `OPENAI_API_KEY` |",
    `| Reads your ${wordCount} words | Echoes them | Answers them |`,
    "| Cost | Free | Per token |",
  ].join("\n");
}

function listSection(): string {
  return [
    "What works without a key:",
    "- **streaming**, history and every app's route",
    "- Markdown: ask for *code* or a *table* to see them render",
    "- tool calls in the function-calling apps",
  ].join("\n");
}
