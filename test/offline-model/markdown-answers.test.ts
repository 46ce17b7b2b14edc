import { describe, expect, it } from "vitest";
import { offlineModelForFile } from "./offline-client.js";

const offline = offlineModelForFile();

async function answerTo(content: string): Promise<string> {
  const completion = await offline
    .client()
    .chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content }] });
  return completion.choices[0]?.message.content ?? "";
}

describe("offline model: answers that show what the UI renders", () => {
  it.each([
    ["Write a Python function that adds two numbers", "python", "def offline_answer"],
    ["Can you give me some TypeScript code to sort a list?", "typescript", "function offlineAnswer"],
    ["SQL for the ten newest orders, please", "sql", "SELECT prompt, 7 AS words"],
    ["a golang snippet for reading a file", "go", "func offlineAnswer"],
    ["Show me code to parse dates", "python", "def offline_answer"],
  ])("answers %j with a %s code block", async (prompt, language, line) => {
    const answer = await answerTo(prompt);
    expect(answer.startsWith("[Offline model]")).toBe(true);
    const fence = answer.match(/```(\w+)\n([\s\S]*?)\n```/);
    expect(fence?.[1]).toBe(language);
    expect(fence?.[2]).toContain(line);
  });

  it("answers with a Markdown table when asked to compare", async () => {
    const answer = await answerTo("Compare tea and coffee");
    expect(answer).toContain("| | Offline model | Real model |\n| --- | --- | --- |");
    expect(answer).toContain("| Reads your 4 words | Echoes them | Answers them |");
    expect(answer).not.toContain("```");
  });

  it("answers anything else with a short list, still quoting the message", async () => {
    const answer = await answerTo("Let's go to the market");
    expect(answer).toContain('You said: "Let\'s go to the market"');
    expect(answer.split("\n").filter((line) => line.startsWith("- "))).toHaveLength(3);
    expect(answer).not.toContain("```");
  });

  it("gives the same answer to the same prompt", async () => {
    expect(await answerTo("python code please")).toBe(await answerTo("python code please"));
  });
});
