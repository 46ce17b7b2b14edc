import { z } from "zod/mini";
import { type ServerSentEvent, serverSentEvents } from "./event-stream.js";
import { isOfflineModel, readToolUse, readUsage } from "./response.js";
import type { ChatReply, StreamProgress } from "./types.js";

const ChunkSchema = z.object({
  model: z.optional(z.string()),
  choices: z.array(
    z.object({ delta: z.optional(z.object({ content: z.optional(z.nullable(z.string())) })) }),
  ),
  usage: z.optional(z.unknown()),
  request_meta_data: z.optional(z.unknown()),
});
const ToolCallSchema = z.object({ tool_call: z.object({ name: z.string() }) });
const ErrorEventSchema = z.object({
  error: z.object({ message: z.string(), request_id: z.optional(z.string()) }),
});

/** The answer so far, built from the stream's events. */
class StreamedAnswer {
  text = "";
  model = "";
  toolsCalling: string[] = [];
  meta: unknown;
  usage: unknown;
  done = false;

  /** Takes one event; gives the failure an `error` event reports. */
  take({ event, data }: ServerSentEvent): { message: string; requestId?: string } | undefined {
    if (data === "[DONE]") {
      this.done = true;
      return undefined;
    }
    const json: unknown = JSON.parse(data);
    if (event === "error") {
      const parsed = ErrorEventSchema.safeParse(json);
      const message = parsed.success ? parsed.data.error.message : "The answer broke off.";
      const requestId = parsed.success ? parsed.data.error.request_id : undefined;
      return requestId ? { message, requestId } : { message };
    }
    if (event === "tool_call") {
      const parsed = ToolCallSchema.safeParse(json);
      if (parsed.success) this.toolsCalling.push(parsed.data.tool_call.name);
      return undefined;
    }
    const chunk = ChunkSchema.safeParse(json);
    if (!chunk.success) return undefined;
    if (chunk.data.model) this.model = chunk.data.model;
    this.text += chunk.data.choices[0]?.delta?.content ?? "";
    if (chunk.data.request_meta_data !== undefined) this.meta = chunk.data.request_meta_data;
    if (chunk.data.usage) this.usage = chunk.data.usage;
    return undefined;
  }

  reply(endedEarly?: ChatReply["endedEarly"]): ChatReply {
    const reply: ChatReply = {
      text: this.text,
      model: this.model,
      offline: isOfflineModel(this.model),
    };
    const toolUse = readToolUse(this.meta);
    if (toolUse) reply.toolUse = toolUse;
    const usage = readUsage(this.usage);
    if (usage) reply.usage = usage;
    if (endedEarly) reply.endedEarly = endedEarly;
    return reply;
  }
}

type EndedEarly = NonNullable<ChatReply["endedEarly"]>;

const CUT_OFF: EndedEarly = { kind: "interrupted", message: "The connection broke off before the end." };

/**
 * Reads a streamed answer, telling `onProgress` of each change. Whatever ends it early (the user's
 * stop, an `error` event, a timeout, a cut connection) keeps the text that came, marked with why;
 * `abortedBecause` says why the request's signal fired, if it did.
 */
export async function readStreamedReply(
  body: ReadableStream<Uint8Array>,
  onProgress: (progress: StreamProgress) => void,
  onBytes: () => void,
  abortedBecause: () => EndedEarly | undefined,
): Promise<{ reply: ChatReply }> {
  const answer = new StreamedAnswer();
  try {
    for await (const event of serverSentEvents(body, onBytes)) {
      const failure = answer.take(event);
      if (failure) return { reply: answer.reply({ kind: "interrupted", ...failure }) };
      onProgress({ text: answer.text, toolsCalling: [...answer.toolsCalling] });
    }
  } catch {
    return { reply: answer.reply(abortedBecause() ?? CUT_OFF) };
  }
  return { reply: answer.done ? answer.reply() : answer.reply(CUT_OFF) };
}
