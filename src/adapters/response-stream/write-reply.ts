import { formatEvent, SSE_DONE, SSE_HEADERS, type StreamEvent } from "../../common/streaming/sse.js";
import {
  type ErrorWriter,
  type EventsReply,
  type JsonReply,
  type Reply,
  SERVICE_ERRORS,
} from "../../core/reply.js";
import { commonHeaders, JSON_CONTENT_TYPE } from "../../core/response-headers.js";
import type { Logger } from "../../services/logger.js";
import type { ResponseStream } from "./response-stream.js";

/** Where a reply goes and who it answers: the one writer of this door's headers. */
export interface ReplyTarget {
  response: ResponseStream;
  requestId: string;
  /** Undefined when the settings could not be read: no origin is allowed then. */
  allowOrigin: string | undefined;
  logger: Logger;
  /** How this door writes errors; the service's own shape unless the door speaks another API. */
  errors?: ErrorWriter;
}

async function writeJson(target: ReplyTarget, reply: JsonReply): Promise<void> {
  const { response } = target;
  response.open(reply.status, {
    "Content-Type": JSON_CONTENT_TYPE,
    ...commonHeaders(target.allowOrigin, target.requestId),
    ...reply.headers,
  });
  // Written even for a 204: the response stream sends its status line with the first write. The
  // local server and API Gateway send a 204 without the body.
  await response.write(JSON.stringify(reply.body));
  await response.end();
}

/**
 * Sends events as server-sent events. The first event is awaited before anything is committed, so
 * a request the model refuses still gets its status and JSON error body. Once the stream is open, a
 * failure becomes an `error` event that ends the stream. When the reader leaves, the event source is
 * closed, which aborts the upstream call behind it.
 */
async function writeEvents(target: ReplyTarget, reply: EventsReply): Promise<void> {
  const { response, requestId, logger } = target;
  const errors = target.errors ?? SERVICE_ERRORS;
  const iterator = reply.events[Symbol.asyncIterator]();
  let step: IteratorResult<StreamEvent>;
  try {
    step = await iterator.next();
  } catch (error) {
    return writeJson(target, errors.reply(error, requestId, logger));
  }
  response.open(200, { ...SSE_HEADERS, ...commonHeaders(target.allowOrigin, requestId) });
  try {
    for (; !step.done && !response.signal.aborted; step = await iterator.next()) {
      await response.write(formatEvent(step.value));
    }
    await response.write(SSE_DONE);
  } catch (error) {
    if (!response.signal.aborted) await response.write(formatEvent(errors.event(error, requestId, logger)));
  } finally {
    if (response.signal.aborted) {
      logger.info("The client left before the end of the stream", { requestId });
      await iterator.return?.();
    }
    await response.end();
  }
}

/** Writes a reply on a response stream: a whole JSON answer, or events as they come. */
export function writeReply(target: ReplyTarget, reply: Reply): Promise<void> {
  return reply.kind === "json" ? writeJson(target, reply) : writeEvents(target, reply);
}
