import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";

/** The text of every user message, in order: only what the user wrote selects plugins. */
export function userTexts(messages: readonly ChatCompletionMessageParam[]): string[] {
  return messages
    .filter((message) => message.role === "user")
    .map((message) =>
      typeof message.content === "string"
        ? message.content
        : message.content
            .map((part) => (part.type === "text" ? part.text : ""))
            .filter((text) => text.length > 0)
            .join("\n"),
    );
}
