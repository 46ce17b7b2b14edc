import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { APIGatewayProxyResult } from "aws-lambda";
import { OPENAI_ERRORS } from "../adapters/openai-compat/openai-errors.js";
import { proxyResult } from "../adapters/rest-proxy/proxy-result.js";
import {
  BadRequestError,
  CLIENT_CLOSED_STATUS,
  ClientClosedError,
  InternalError,
  MethodNotAllowedError,
  NotFoundError,
  QuotaExceededError,
  TooManyRequestsError,
} from "../common/errors.js";
import type { Settings } from "../common/settings/index.js";
import { callerOf } from "../core/caller.js";
import { reportedError, SERVICE_ERRORS } from "../core/reply.js";
import { preflightHeaders } from "../core/response-headers.js";
import { type HandlerName, isOpenAIPath, type RouteTable } from "../core/routes.js";
import type { Logger } from "../services/logger.js";
import { AccessLog } from "./access-log.js";
import { checkApiKey } from "./api-keys.js";
import { answerClientError } from "./client-error.js";
import type { LocalFunction } from "./functions.js";
import { presentedApiKey } from "./gateway/presented-key.js";
import { Quotas } from "./gateway/quota.js";
import { readBody } from "./gateway/read-body.js";
import { TokenBuckets } from "./gateway/token-bucket.js";
import { allowedHosts, checkUnkeyedRequest } from "./gateway/unkeyed-guard.js";
import { lambdaContext } from "./lambda-context.js";
import { type IncomingCall, toProxyEvent } from "./proxy-event.js";
import { answerThroughResponseStream } from "./stream-response.js";
import { closeUnusedConnections, trackUnusedConnections } from "./unused-connections.js";

export interface ApiServerOptions {
  settings: Settings;
  logger: Logger;
  routes: RouteTable;
  functions: Record<HandlerName, LocalFunction>;
  /** Answers GET requests no API route matches (the web UI); true when it answered. */
  fallback?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  accessLog?: (line: string) => void;
  stage?: string;
}

/**
 * Writes a proxy result as API Gateway does: one whole body with its length, which also lets Node send
 * the head and the body in one write instead of chunked framing.
 */
function send(response: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: string[] = [];
  // As API Gateway merges them: a name in multiValueHeaders takes the place of the same name in headers.
  for (const name in result.headers)
    if (!result.multiValueHeaders?.[name]) headers.push(name, String(result.headers[name]));
  for (const name in result.multiValueHeaders)
    for (const value of result.multiValueHeaders[name] ?? []) headers.push(name, String(value));
  const body = result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body;
  // 204 and 304 answers carry no body, and no length either (RFC 9110, 8.6).
  if (result.statusCode !== 204 && result.statusCode !== 304)
    headers.push("Content-Length", String(Buffer.byteLength(body)));
  response.writeHead(result.statusCode, headers);
  response.end(body);
}

/**
 * The local stand-in for API Gateway: it enforces what the deployed gateway enforces (routes,
 * methods, CORS preflight, API keys, throttling, quota, body size), turns each request into the REST
 * proxy event API Gateway would send and invokes the same Lambda entries in-process: a chat
 * function's routes through its response-streaming entry (as API Gateway's STREAM integrations),
 * /info through the buffered REST proxy entry.
 */
export function createApiServer(options: ApiServerOptions): Server {
  const { settings, logger, routes, functions } = options;
  const allowOrigin = settings.CORS_ALLOW_ORIGIN;
  const stage = options.stage ?? "v1";
  const throttle = new TokenBuckets(
    settings.THROTTLE_SETTINGS_RATE_LIMIT,
    settings.THROTTLE_SETTINGS_BURST_LIMIT,
  );
  const quotas = new Quotas(settings.QUOTA_SETTINGS_LIMIT, settings.QUOTA_SETTINGS_PERIOD);
  const unkeyedHosts = allowedHosts(settings.HOST, settings.PUBLIC_HOSTS);
  const standardLog = new AccessLog();
  const accessLog = options.accessLog ?? standardLog.line;

  async function answer(request: IncomingMessage, response: ServerResponse, requestId: string) {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://localhost");
    // Any path's preflight passes (as API Gateway's greedy OPTIONS): a client's misspelt slug then
    // shows the real 404 of the request that follows, not a CORS failure.
    if (method === "OPTIONS") {
      response.writeHead(204, preflightHeaders(allowOrigin)).end();
      return;
    }
    const match = routes.match(method, url.pathname);
    if (match.kind === "malformed-path")
      throw new BadRequestError(`The path ${url.pathname} has malformed percent-encoding.`);
    // Only paths the API does not know: a GET on a POST route stays the API's 405.
    if (
      match.kind === "not-found" &&
      method === "GET" &&
      options.fallback &&
      (await options.fallback(request, response))
    )
      return;
    if (match.kind === "not-found") throw new NotFoundError(`No route for ${method} ${url.pathname}.`);
    if (match.kind === "wrong-method")
      throw new MethodNotAllowedError(`${method} is not allowed on ${url.pathname}.`, match.allowed);

    const apiKey = presentedApiKey(request.headers);
    checkApiKey(settings.API_KEYS, apiKey);
    if (settings.API_KEYS.length === 0) checkUnkeyedRequest(request, unkeyedHosts);
    // What API Gateway hands the function: the key it checked, and the key's id.
    const caller = settings.API_KEYS.length > 0 ? callerOf(apiKey) : undefined;
    const checkedKey =
      caller?.kind === "key"
        ? { apiKey: apiKey ?? null, apiKeyId: caller.id }
        : { apiKey: null, apiKeyId: null };
    // Like API Gateway, whose usage plans apply only to keys: without keys there is nobody to meter.
    if (caller?.kind === "key") {
      const throttledFor = throttle.take(caller.id);
      if (throttledFor > 0) throw new TooManyRequestsError("Too many requests: slow down.", throttledFor);
      const quotaResetsIn = quotas.consume(caller.id);
      if (quotaResetsIn > 0)
        throw new QuotaExceededError(
          `The ${settings.QUOTA_SETTINGS_PERIOD.toLowerCase()} quota of ${settings.QUOTA_SETTINGS_LIMIT} request${settings.QUOTA_SETTINGS_LIMIT === 1 ? "" : "s"} is spent.`,
          quotaResetsIn,
        );
    }

    const { route } = match;
    const call: IncomingCall = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: await readBody(request, settings.MAX_BODY_BYTES),
      resource: route.resource,
      pathParameters: match.pathParameters,
      requestId,
      sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
      ...checkedKey,
      stage,
    };
    const event = toProxyEvent(call);
    const functionName = `${settings.SHARED_RESOURCE_IDENTIFIER}-${route.handler}`;
    const context = lambdaContext(functionName, requestId, settings.OPENAI_TIMEOUT_MS + 5_000);
    const entry = functions[route.handler];
    if (entry.streaming) return answerThroughResponseStream(entry.streaming, event, context, response);
    if (!entry.rest)
      throw new InternalError(`The ${route.handler} function has no entry for ${route.resource}`);
    send(response, await entry.rest(event, context));
  }

  const server = createServer(
    {
      keepAliveTimeout: 65_000,
      // Node only accepts a headers timeout within the request timeout.
      headersTimeout: Math.min(settings.HEADERS_TIMEOUT_MS, settings.REQUEST_TIMEOUT_MS),
      requestTimeout: settings.REQUEST_TIMEOUT_MS,
      // Node checks both timeouts only this often (30 s by default, longer than the headers timeout).
      connectionsCheckingInterval: SLOW_CLIENT_CHECK_MS,
    },
    (request, response) => {
      const started = performance.now();
      const requestId = randomUUID();
      // `close` also comes for answers the client abandoned (a stream it stopped reading): those are
      // logged too, marked as such, and with nginx's 499 when the client had no answer at all.
      response.on("close", () => {
        const ms = (performance.now() - started).toFixed(1);
        const abandoned = response.writableFinished ? "" : " (client closed)";
        const status = response.headersSent ? response.statusCode : CLIENT_CLOSED_STATUS;
        accessLog(
          `${request.method} ${request.url?.split("?")[0]} ${status}${abandoned} ${ms}ms ${requestId}`,
        );
      });
      answer(request, response, requestId).catch((error: unknown) => {
        if (error instanceof ClientClosedError) {
          reportedError(error, requestId, logger);
          response.destroy();
          return;
        }
        if (response.headersSent) {
          reportedError(error, requestId, logger);
          response.destroy();
          return;
        }
        // An unread body would otherwise stay on the socket; the client learns the status either way.
        if (!request.complete) response.setHeader("Connection", "close");
        const errors = isOpenAIPath(new URL(request.url ?? "/", "http://localhost").pathname)
          ? OPENAI_ERRORS
          : SERVICE_ERRORS;
        send(response, proxyResult(errors.reply(error, requestId, logger), allowOrigin, requestId));
      });
    },
  );
  server.maxConnections = settings.MAX_CONNECTIONS;
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) =>
    answerClientError(allowOrigin, error, socket),
  );
  trackUnusedConnections(server);
  server.on("close", standardLog.flush);
  return server;
}

const IDLE_SWEEP_MS = 50;
const SLOW_CLIENT_CHECK_MS = 500;

/** Stops accepting connections and resolves once in-flight requests have been answered. */
export async function shutdown(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection whose in-flight request ends becomes idle, and would hold `close` open
  // until its client hangs up: close those too as they appear.
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  server.closeIdleConnections();
  closeUnusedConnections(server);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
  }
}
