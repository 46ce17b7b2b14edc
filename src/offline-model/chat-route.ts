import type { IncomingMessage, ServerResponse } from "node:http";
import { buildCompletion } from "./completion.js";
import { BodyTooLargeError, readBody, sendError, sendJson } from "./http-io.js";
import { chatRequestSchema, describeRequestProblem } from "./request-schema.js";
import { writeCompletionStream } from "./streaming.js";

/** POST /v1/chat/completions: validate, build the deterministic answer, send it whole or streamed. */
export async function handleChatCompletion(
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  let rawBody: string;
  try {
    rawBody = await readBody(request);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendError(response, 413, { message: error.message, code: "request_too_large" });
    return;
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    sendError(response, 400, {
      message: "We could not parse the JSON body of your request: it is not valid JSON.",
      code: "invalid_json",
    });
    return;
  }

  const parsed = chatRequestSchema.safeParse(json);
  if (!parsed.success) {
    sendError(response, 400, describeRequestProblem(parsed.error));
    return;
  }

  const completion = buildCompletion(parsed.data);
  if (parsed.data.stream) {
    writeCompletionStream(response, completion, {
      includeUsage: parsed.data.stream_options?.include_usage === true,
    });
  } else {
    sendJson(response, 200, completion);
  }
}
