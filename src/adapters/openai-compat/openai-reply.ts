import type { StreamEvent } from "../../common/streaming/sse.js";
import { jsonReply, type Reply } from "../../core/reply.js";

/** What the handlers add to OpenAI's objects, left out of this door (it stays in the other doors' answers). */
function withoutMetaData(body: unknown): unknown {
  if (typeof body !== "object" || body === null || !("request_meta_data" in body)) return body;
  const { request_meta_data: _left, ...openAI } = body as Record<string, unknown>;
  return openAI;
}

interface Chunk {
  choices: unknown[];
  usage?: unknown;
}

/**
 * The handlers' events as OpenAI streams them: the chunks, and the final choice-less usage chunk only
 * when the client asked for it (`stream_options.include_usage`), the other chunks then with
 * `usage: null`. Named events (a plugin tool being called) have no OpenAI chunk and are not sent.
 */
async function* openAIEvents(
  events: AsyncIterable<StreamEvent>,
  includeUsage: boolean,
): AsyncGenerator<StreamEvent> {
  for await (const { event, data } of events) {
    if (event !== undefined) continue;
    const { usage, ...chunk } = withoutMetaData(data) as Chunk;
    if (chunk.choices.length === 0) {
      if (includeUsage) yield { data: { ...chunk, usage: usage ?? null } };
    } else yield { data: includeUsage ? { ...chunk, usage: null } : chunk };
  }
}

/** A handler's reply written in OpenAI's format: the same objects, without the service's additions. */
export function openAIReply(reply: Reply, includeUsage: boolean): Reply {
  // What is left once the reply is sent (metering its usage) stays with it.
  const after = reply.afterSent ? { afterSent: reply.afterSent } : {};
  if (reply.kind === "events")
    return { kind: "events", events: openAIEvents(reply.events, includeUsage), ...after };
  return { ...jsonReply(reply.status, withoutMetaData(reply.body), reply.headers), ...after };
}
