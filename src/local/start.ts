import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { join } from "node:path";
import { createDynamoClient } from "../common/memory/index.js";
import type { LoadedSettings } from "../common/settings/load.js";
import { maskUrlSecrets } from "../common/url-secrets.js";
import { apiRoutes, RouteTable } from "../core/routes.js";
import { startOfflineModel } from "../offline-model/index.js";
import { createServices, type Services } from "../services/index.js";
import type { Logger } from "../services/logger.js";
import { installAwsLambdaGlobals } from "./awslambda/globals.js";
import { ensureMemoryTable, ensureUsageTable, startDynamoLocal } from "./dynamo-local.js";
import { localFunctions } from "./functions.js";
import { listen } from "./listen.js";
import { openApiResponder } from "./openapi-route.js";
import { createApiServer, shutdown } from "./server.js";
import { webAssets } from "./web-assets.js";

export interface LocalService {
  url: string;
  /** What answers chat requests, for people and for the start-up line. */
  upstream: string;
  offline: boolean;
  /** Where conversations are kept. */
  memory: string;
  server: Server;
  stop(): Promise<void>;
}

export interface StartOptions {
  fallback?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  /** The built web UI served at `/`; dist/web unless a test builds its own. */
  webRoot?: string;
  accessLog?: (line: string) => void;
  /** Replaces services the start would build (tests pass fakes this way). */
  services?: Partial<Services>;
  /** The logger every service writes to (tests watch it). */
  logger?: Logger;
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
      upstream: `OpenAI-compatible API at ${maskUrlSecrets(upstream)}`,
      offline: false,
      stopModel: async () => {},
    };
  }
  const model = await startOfflineModel({ host: "127.0.0.1", port: 0 });
  const settings = { ...loaded.settings, OPENAI_BASE_URL: model.url };
  return {
    loaded: { ...loaded, settings },
    upstream: `offline model at ${model.url} (no OPENAI_API_KEY set: answers are labelled offline)`,
    offline: true,
    stopModel: () => model.close(),
  };
}

/**
 * Without `DYNAMODB_ENDPOINT`, conversations and usage counters go to an embedded DynamoDB-compatible
 * server persisting under `DATA_DIR`; either way the tables are created when missing (in AWS, Terraform creates them).
 */
async function withMemoryStore(loaded: LoadedSettings) {
  const configured = loaded.settings.DYNAMODB_ENDPOINT;
  const embedded = configured
    ? undefined
    : await startDynamoLocal(join(loaded.settings.DATA_DIR, "dynamodb"), "127.0.0.1");
  const settings = embedded ? { ...loaded.settings, DYNAMODB_ENDPOINT: embedded.url } : loaded.settings;
  const dynamo = createDynamoClient(settings);
  try {
    await ensureMemoryTable(dynamo, settings.MEMORY_TABLE);
    if (settings.USAGE_METERING) await ensureUsageTable(dynamo, settings.USAGE_TABLE);
  } catch (error) {
    dynamo.destroy();
    await embedded?.close();
    throw error;
  }
  return {
    loaded: { ...loaded, settings },
    dynamo,
    memory: embedded
      ? `embedded DynamoDB (dynalite) at ${embedded.url}, data in ${join(settings.DATA_DIR, "dynamodb")}`
      : `DynamoDB at ${configured}`,
    stopMemory: async () => {
      dynamo.destroy();
      await embedded?.close();
    },
  };
}

/** Starts the local API (and the offline model and the memory store when needed) with loaded settings. */
export async function startLocalService(
  loaded: LoadedSettings,
  options: StartOptions = {},
): Promise<LocalService> {
  const upstream = await withModelUpstream(loaded);
  const memory = await withMemoryStore(upstream.loaded).catch(async (error: unknown) => {
    await upstream.stopModel();
    throw error;
  });
  const services: Services = {
    ...createServices(memory.loaded, {
      dynamo: memory.dynamo,
      ...(options.logger ? { logger: options.logger } : {}),
    }),
    ...options.services,
  };
  const { settings, logger } = services;
  // Read now rather than on the first request, so bad plugin files are named in the start-up log.
  await services.plugins.current();
  installAwsLambdaGlobals();
  const routes = new RouteTable(apiRoutes());
  const openApi = openApiResponder(routes.routes, settings.CORS_ALLOW_ORIGIN);
  const webUi = webAssets(options.webRoot);
  const server = createApiServer({
    settings,
    logger,
    routes,
    functions: localFunctions(services, routes),
    fallback: async (request, response) =>
      (await openApi(request, response)) ||
      (await webUi(request, response)) ||
      ((await options.fallback?.(request, response)) ?? false),
    ...(options.accessLog ? { accessLog: options.accessLog } : {}),
  });
  const url = await listen(server, settings.PORT, settings.HOST).catch(async (error: unknown) => {
    await upstream.stopModel();
    await memory.stopMemory();
    throw error;
  });
  return {
    url,
    upstream: upstream.upstream,
    offline: upstream.offline,
    memory: memory.memory,
    server,
    stop: async () => {
      await shutdown(server);
      // Answers already sent may still be settling their usage into the store about to close.
      await services.usage?.drain();
      await upstream.stopModel();
      await memory.stopMemory();
    },
  };
}
