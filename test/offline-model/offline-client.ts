import OpenAI from "openai";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { afterAll, beforeAll } from "vitest";
import { type OfflineModel, startOfflineModel } from "../../src/offline-model/index.js";
import tools from "./fixtures/tools.json" with { type: "json" };

export const weatherTool = tools.weather as ChatCompletionFunctionTool;
export const pluginInfoTool = tools.pluginInfo as ChatCompletionFunctionTool;

/** Starts an offline model for the calling test file and gives an SDK client pointed at it. */
export function offlineModelForFile(): { server: () => OfflineModel; client: () => OpenAI } {
  let server: OfflineModel | undefined;
  let client: OpenAI | undefined;
  beforeAll(async () => {
    server = await startOfflineModel();
    client = new OpenAI({ baseURL: server.url, apiKey: "x", maxRetries: 0 });
  });
  afterAll(() => server?.close());
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the offline model is started in beforeAll");
    return value;
  };
  return { server: () => started(server), client: () => started(client) };
}
