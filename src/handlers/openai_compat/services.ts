import type { LoadedSettings } from "../../common/settings/load.js";
import { createServices, type Services } from "../../services/index.js";

/** Any chat handler may answer a model id, so this function has every chat handler's services. */
export type OpenAICompatServices = Services;

export function openAICompatServices(loaded: LoadedSettings): OpenAICompatServices {
  return createServices(loaded);
}
