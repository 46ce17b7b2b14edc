import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ChatInput } from "../../common/chat/chat-input.js";
import type { SelectedPlugin } from "./matching/plugin-index.js";

function withSystemPrompts(
  messages: readonly ChatCompletionMessageParam[],
  prompts: readonly string[],
): ChatCompletionMessageParam[] {
  if (prompts.length === 0) return [...messages];
  const [first, ...rest] = messages;
  if (first?.role === "system" && typeof first.content === "string")
    return [{ ...first, content: [first.content, ...prompts].join("\n\n") }, ...rest];
  return [{ role: "system", content: prompts.join("\n\n") }, ...messages];
}

/**
 * The request with the selected plugins applied: each plugin's system prompt appended to the app's,
 * and the plugins' model, temperature and max_tokens overriding the request's.
 *
 * When several plugins set the same field, the one mentioned in the newest user message wins (the
 * selection comes ordered that way): it is what the user is asking about now. Plugins mentioned in
 * the same message are ordered by name so the choice is stable, and always_load plugins come last,
 * as background that a mentioned plugin may refine. Each field is decided on its own.
 */
export function withPlugins(input: ChatInput, selected: readonly SelectedPlugin[]): ChatInput {
  const prompting = selected.map(({ plugin }) => plugin.prompting);
  const model = prompting.find((p) => p.model !== undefined)?.model;
  const temperature = prompting.find((p) => p.temperature !== undefined)?.temperature;
  const maxTokens = prompting.find((p) => p.max_tokens !== undefined)?.max_tokens;
  return {
    ...input,
    model: model ?? input.model,
    temperature: temperature ?? input.temperature,
    max_tokens: maxTokens ?? input.max_tokens,
    messages: withSystemPrompts(
      input.messages,
      prompting.map((p) => p.system_prompt.trim()),
    ),
  };
}
