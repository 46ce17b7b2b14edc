import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { Secret } from "../common/secret.js";
import { applySettings } from "../common/settings/index.js";
import type { LoadedSettings } from "../common/settings/load.js";
import { startOfflineModel } from "../offline-model/index.js";
import { lambdaHandlers } from "./handlers.js";
import { openApiResponder } from "./openapi-route.js";
import { apiRoutes, RouteTable } from "./routes.js";
import { createApiServer, listen, shutdown } from "./server.js";

export interface LocalService {
  url: string;
  /** What answers chat requests, for people and for the start-up line. */
  upstream: string;
  offline: boolean;
  server: Server;
  stop(): Promise<void>;
}

export interface StartOptions {
  fallback?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  accessLog?: (line: string) => void;
}

/**
 * With no OpenAI key, the offline model answers: it is started here and the settings point the SDK
 * at it, so handlers reach it over HTTP exactly as they reach OpenAI.
 */
async function withModelUpstream(loaded: LoadedSettings) {
  if (loaded.settings.OPENAI_API_KEY) {
    const upstream = loaded.settings.OPENAI_BASE_URL ?? "https://api.openai.com/v1";
    return {
      loaded,
      upstream: `OpenAI-compatible API at ${upstream}`,
      offline: false,
      stopModel: async () => {},
    };
  }
  const model = await startOfflineModel({ host: "127.0.0.1", port: 0 });
  const settings = { ...loaded.settings, OPENAI_BASE_URL: model.url, OPENAI_API_KEY: new Secret("offline") };
  return {
    loaded: { ...loaded, settings },
    upstream: `offline model at ${model.url} (no OPENAI_API_KEY set: answers are labelled offline)`,
    offline: true,
    stopModel: () => model.close(),
  };
}

/** Starts the local API (and the offline model when needed) with already-loaded settings. */
export async function startLocalService(
  loaded: LoadedSettings,
  options: StartOptions = {},
): Promise<LocalService> {
  const upstream = await withModelUpstream(loaded);
  applySettings(upstream.loaded);
  const { settings } = upstream.loaded;
  const routes = apiRoutes();
  const openApi = openApiResponder(routes);
  const server = createApiServer({
    settings,
    routes: new RouteTable(routes),
    handlers: lambdaHandlers,
    fallback: async (request, response) =>
      (await openApi(request, response)) || ((await options.fallback?.(request, response)) ?? false),
    ...(options.accessLog ? { accessLog: options.accessLog } : {}),
  });
  const url = await listen(server, settings.PORT, settings.HOST);
  return {
    url,
    upstream: upstream.upstream,
    offline: upstream.offline,
    server,
    stop: async () => {
      await shutdown(server);
      await upstream.stopModel();
    },
  };
}
