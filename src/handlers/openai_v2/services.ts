import type OpenAI from "openai";
import type { LoadedSettings } from "../../common/settings/load.js";
import { type CoreServices, coreServices } from "../../services/core.js";
import { createOpenAIClient } from "../../services/openai-client.js";

export interface OpenAIV2Services extends CoreServices {
  openai: OpenAI;
}

export function openAIV2Services(loaded: LoadedSettings): OpenAIV2Services {
  const core = coreServices(loaded);
  return { ...core, openai: createOpenAIClient(core.settings) };
}
