import { NotFoundError } from "../common/errors.js";
import type { StreamEvent } from "../common/streaming/sse.js";
import type { CoreServices } from "../services/core.js";
import { debugEnabled } from "../services/logger.js";
import { withLegacyClientFields, withLegacyErrorMessage } from "./legacy-client.js";
import { meteredAnswer } from "./metering.js";
import { type RequestParts, readRequest } from "./read-request.js";
import { errorReply, type JsonReply, type Reply } from "./reply.js";
import type { ApiRequest, ChatRequest, ResourceRequest } from "./request.js";
import type { HandlerName } from "./routes.js";

/**
 * What one Lambda function answers, over the services of its cold start. A buffered entry leaves
 * `streamed` out, so no streaming code is bundled into it.
 */
export interface FunctionAnswers<S extends CoreServices> {
  name: HandlerName;
  /** A chat turn answered whole. */
  whole?: (request: ChatRequest, services: S) => Promise<JsonReply>;
  /** A chat turn answered as events, when the request asks for them and the transport can send them. */
  streamed?: (request: ChatRequest, services: S) => AsyncIterable<StreamEvent>;
  /** The function's resource routes (conversations, diagnostics). */
  resource?: (request: ResourceRequest, services: S) => Promise<JsonReply>;
}

function logRequest(request: ApiRequest, services: CoreServices, handler: string): void {
  services.logger.debug("request", {
    requestId: request.requestId,
    handler,
    method: request.method,
    resource: request.calledResource,
    app: request.kind === "chat" ? request.route.app?.slug : undefined,
    bodyBytes: request.bodyBytes,
    stream: request.kind === "chat" && request.wantsStream,
  });
}

async function dispatch<S extends CoreServices>(
  answers: FunctionAnswers<S>,
  request: ApiRequest,
  services: S,
): Promise<Reply> {
  if (request.route.handler !== answers.name)
    throw new NotFoundError(`The ${answers.name} function does not answer ${request.route.resource}.`);
  if (request.kind === "resource" && answers.resource) return answers.resource(request, services);
  if (request.kind === "chat") {
    const { streamed, whole } = answers;
    if (request.wantsStream && streamed)
      return meteredAnswer(request, services, async (metered) => ({
        kind: "events",
        events: streamed(metered, services),
      }));
    if (whole) return meteredAnswer(request, services, (metered) => whole(metered, services));
  }
  throw new NotFoundError(`The ${answers.name} function does not answer ${request.route.resource}.`);
}

/** With LEGACY_CLIENT_COMPAT, a whole app answer (or its error) also carries the earlier client's fields. */
async function legacyCompatible<S extends CoreServices>(
  answers: FunctionAnswers<S>,
  request: ApiRequest,
  services: S,
): Promise<Reply> {
  if (!services.settings.LEGACY_CLIENT_COMPAT || request.kind !== "chat" || request.body.kind !== "app")
    return dispatch(answers, request, services);
  let reply: Reply;
  try {
    reply = await dispatch(answers, request, services);
  } catch (error) {
    reply = errorReply(error, request.requestId, services.logger);
  }
  return reply.kind === "json" ? withLegacyClientFields(request, reply) : reply;
}

/** The core: one request in, one reply out, whichever door the request came through. */
export async function answer<S extends CoreServices>(
  answers: FunctionAnswers<S>,
  request: ApiRequest,
  services: S,
): Promise<Reply> {
  const debug = debugEnabled(services.settings);
  if (debug) logRequest(request, services, answers.name);
  const reply = await legacyCompatible(answers, request, services);
  if (debug && reply.kind === "json")
    services.logger.debug("response", {
      requestId: request.requestId,
      handler: answers.name,
      statusCode: reply.status,
    });
  return reply;
}

/**
 * A request as an adapter took it out of its event: read once (body decoded and validated), then
 * answered. With LEGACY_CLIENT_COMPAT, a body an app route refuses also carries the earlier
 * client's `body.message`.
 */
export async function answerParts<S extends CoreServices>(
  answers: FunctionAnswers<S>,
  parts: RequestParts,
  services: S,
): Promise<Reply> {
  let request: ApiRequest;
  try {
    request = readRequest(parts, services.requests);
  } catch (error) {
    const appRoute = parts.route.kind === "chat" && parts.route.app !== undefined;
    if (!services.settings.LEGACY_CLIENT_COMPAT || !appRoute) throw error;
    return withLegacyErrorMessage(errorReply(error, parts.requestId, services.logger));
  }
  return answer(answers, request, services);
}
