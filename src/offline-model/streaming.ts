import type { ServerResponse } from "node:http";
import type { ChatCompletion, ChatCompletionChunk } from "openai/resources/chat/completions";

/** Turns a finished chat.completion into the chat.completion.chunk sequence OpenAI streams for it. */

const WORDS_PER_CHUNK = 3;

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
} as const;

export const SSE_DONE = "data: [DONE]\n\n";

export function sseEvent(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/** Word groups that concatenate back to exactly `text`, whitespace included. */
function wordGroups(text: string, wordsPerGroup = WORDS_PER_CHUNK): string[] {
  const words = text.match(/\S+\s*|\s+/gu) ?? [];
  const groups: string[] = [];
  for (let start = 0; start < words.length; start += wordsPerGroup) {
    groups.push(words.slice(start, start + wordsPerGroup).join(""));
  }
  return groups;
}

type Delta = ChatCompletionChunk.Choice.Delta;

function toolCallDeltas(message: ChatCompletion.Choice["message"]): Delta[] {
  const deltas: Delta[] = [];
  (message.tool_calls ?? []).forEach((call, index) => {
    if (call.type !== "function") return;
    const { name, arguments: args } = call.function;
    const half = Math.ceil(args.length / 2);
    deltas.push({
      tool_calls: [{ index, id: call.id, type: "function", function: { name, arguments: "" } }],
    });
    for (const piece of [args.slice(0, half), args.slice(half)]) {
      if (piece !== "") deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
  });
  return deltas;
}

export function completionChunks(
  completion: ChatCompletion,
  options: { includeUsage: boolean },
): ChatCompletionChunk[] {
  const choice = completion.choices[0];
  const message = choice?.message;
  const chunk = (
    delta: Delta,
    finishReason: ChatCompletionChunk.Choice["finish_reason"],
  ): ChatCompletionChunk => ({
    id: completion.id,
    object: "chat.completion.chunk",
    created: completion.created,
    model: completion.model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    ...(options.includeUsage ? { usage: null } : {}),
  });

  const deltas: Delta[] = [{ role: "assistant", content: message?.tool_calls ? null : "" }];
  if (message) {
    deltas.push(...wordGroups(message.content ?? "").map((content) => ({ content })));
    deltas.push(...toolCallDeltas(message));
  }
  const chunks = deltas.map((delta) => chunk(delta, null));
  chunks.push(chunk({}, choice?.finish_reason ?? "stop"));
  if (options.includeUsage && completion.usage) {
    chunks.push({
      id: completion.id,
      object: "chat.completion.chunk",
      created: completion.created,
      model: completion.model,
      choices: [],
      usage: completion.usage,
    });
  }
  return chunks;
}

/** Writes the whole stream at once: the offline model has no reason to make a client wait. */
export function writeCompletionStream(
  response: ServerResponse,
  completion: ChatCompletion,
  options: { includeUsage: boolean },
): void {
  response.writeHead(200, SSE_HEADERS);
  for (const chunk of completionChunks(completion, options)) response.write(sseEvent(chunk));
  response.end(SSE_DONE);
}
