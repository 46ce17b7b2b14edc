import { z } from "zod/mini";
import type { ChatFailure, ChatReply } from "./types.js";

const CompletionSchema = z.object({
  model: z.string(),
  choices: z
    .array(z.object({ message: z.object({ content: z.optional(z.nullable(z.string())) }) }))
    .check(z.minLength(1)),
  request_meta_data: z.optional(
    z.object({
      plugins: z.optional(z.array(z.string())),
      tools_called: z.optional(z.array(z.string())),
    }),
  ),
});

const ErrorBodySchema = z.object({
  error: z.object({ message: z.string(), request_id: z.optional(z.string()) }),
});

const OFFLINE_MODEL_PREFIX = "offline";

/** Reads a 200 answer; a body that is not a chat.completion is a failure, not an empty reply. */
export function readCompletion(body: unknown): { reply: ChatReply } | { failure: ChatFailure } {
  const parsed = CompletionSchema.safeParse(body);
  if (!parsed.success) {
    return { failure: { kind: "bad-response", detail: z.prettifyError(parsed.error) } };
  }
  const { model, choices, request_meta_data: meta } = parsed.data;
  const reply: ChatReply = {
    text: choices[0]?.message.content ?? "",
    model,
    offline: model.startsWith(OFFLINE_MODEL_PREFIX),
  };
  if (meta?.plugins || meta?.tools_called) {
    reply.toolUse = { plugins: meta.plugins ?? [], toolsCalled: meta.tools_called ?? [] };
  }
  return { reply };
}

/** Reads an error answer; bodies from proxies (HTML, empty) still give the status. */
export function readErrorBody(
  status: number,
  body: unknown,
  retryAfterSeconds: number | undefined,
): ChatFailure {
  const failure: ChatFailure = { kind: "http", status };
  const parsed = ErrorBodySchema.safeParse(body);
  if (parsed.success) {
    failure.message = parsed.data.error.message;
    if (parsed.data.error.request_id) failure.requestId = parsed.data.error.request_id;
  }
  if (retryAfterSeconds !== undefined) failure.retryAfterSeconds = retryAfterSeconds;
  return failure;
}
