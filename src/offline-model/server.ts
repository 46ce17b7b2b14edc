import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleChatCompletion } from "./chat-route.js";
import { sendError } from "./http-io.js";
import { handleListModels } from "./models-route.js";

/**
 * An OpenAI-compatible server that answers without any model: `npm start` points the handlers at it
 * when no OPENAI_API_KEY is set, and tests use it as a deterministic upstream.
 */

export interface OfflineModelOptions {
  host?: string;
  port?: number;
}

export interface OfflineModel {
  /** Base URL ending in /v1, as the openai SDK's `baseURL` expects. */
  url: string;
  close(): Promise<void>;
}

type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

const ROUTES: Record<string, Partial<Record<string, RouteHandler>>> = {
  "/v1/models": { GET: handleListModels },
  "/v1/chat/completions": { POST: handleChatCompletion },
};

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? "/", "http://offline.invalid").pathname.replace(/\/+$/u, "");
  const methods = ROUTES[path];
  if (!methods) {
    sendError(response, 404, {
      message: `Unknown request URL: ${request.method} ${path}.`,
      code: "unknown_url",
    });
    return;
  }
  const handler = methods[request.method ?? ""];
  if (!handler) {
    const allowed = Object.keys(methods).join(", ");
    sendError(
      response,
      405,
      { message: `${request.method} is not allowed on ${path}; use ${allowed}.`, code: "method_not_allowed" },
      { allow: allowed },
    );
    return;
  }
  await handler(request, response);
}

function answerUnexpectedFailure(response: ServerResponse, error: unknown): void {
  const message = `The offline model failed: ${error instanceof Error ? error.message : String(error)}`;
  if (response.headersSent) response.destroy();
  else sendError(response, 500, { message, type: "server_error" });
}

function urlHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

export async function startOfflineModel(options: OfflineModelOptions = {}): Promise<OfflineModel> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => answerUnexpectedFailure(response, error));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${port}/v1`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
