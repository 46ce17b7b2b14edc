import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import {
  ChatOpenAICompletions,
  type ChatOpenAICompletionsCallOptions,
  type ChatOpenAIFields,
} from "@langchain/openai";
import type OpenAI from "openai";
import type { ChatInput } from "../../common/chat/chat-input.js";
import { UpstreamError } from "../../common/errors.js";
import { keepAliveFetch } from "../../common/openai/fetch.js";
import type { Settings } from "../../common/settings/index.js";
import { openAIKeyOf } from "../../services/openai-client.js";

const OPENAI_API_URL = "https://api.openai.com/v1";

/**
 * LangChain's OpenAI chat model for the Chat Completions API only. `ChatOpenAI` moves some models
 * (codex, *-pro) to the Responses API, whose answer is not a chat.completion and which the offline
 * model does not speak. An answer without choices is an upstream failure, as on the SDK path, rather
 * than the TypeError LangChain would throw reading it.
 */
class CompletionsChatModel extends ChatOpenAICompletions {
  override async _generate(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    const result = await super._generate(messages, options, runManager);
    if (result.generations.length === 0)
      throw new UpstreamError("The model service answered with no choices");
    return result;
  }
}

/** The model with the SDK path's settings (endpoint, key, organization, timeout, retries, keep-alive fetch). */
function modelFields(settings: Settings, input: ChatInput): ChatOpenAIFields {
  const { top_p, presence_penalty, frequency_penalty, stop, user } = input.params;
  return {
    model: input.model,
    temperature: input.temperature,
    maxTokens: input.max_tokens,
    apiKey: openAIKeyOf(settings),
    timeout: settings.OPENAI_TIMEOUT_MS,
    // Retries are made within each request's deadline (common/openai/upstream-call.ts).
    maxRetries: 0,
    // `streaming: false` would also turn `.stream()` into one whole answer; left unset, `invoke` still
    // asks for the answer whole and `.stream()` streams it.
    configuration: {
      // Always explicit, so LangChain never falls back to environment variables of its own.
      baseURL: settings.OPENAI_BASE_URL ?? OPENAI_API_URL,
      organization: settings.OPENAI_ORGANIZATION ?? null,
      fetch: keepAliveFetch,
    },
    ...(top_p !== undefined ? { topP: top_p } : {}),
    ...(presence_penalty !== undefined ? { presencePenalty: presence_penalty } : {}),
    ...(frequency_penalty !== undefined ? { frequencyPenalty: frequency_penalty } : {}),
    ...(stop !== undefined ? { stop: Array.isArray(stop) ? stop : [stop] } : {}),
    ...(user !== undefined ? { user } : {}),
  };
}

/** Models kept for later requests: one per distinct set of fields, the oldest dropped past this many. */
const MAX_KEPT_MODELS = 32;

/** A chat model per set of fields (model, temperature and max_tokens are fields, not call options). */
export interface ChatModels {
  /** The request's model, with its tools and seed bound to the call: the prompt's messages go in. */
  modelFor(input: ChatInput): Runnable<BaseMessage[], AIMessageChunk>;
}

/**
 * The chat models of one cold start. Building one costs more than the rest of a LangChain call
 * (docs/cold-start.md), so a model is kept for the next request with the same fields. They share the
 * SDK client the first one builds: it depends on the settings alone.
 */
export function createChatModels(settings: Settings): ChatModels {
  let sharedClient: OpenAI | undefined;
  const kept = new Map<string, CompletionsChatModel>();
  const modelOf = (fields: ChatOpenAIFields): CompletionsChatModel => {
    const key = JSON.stringify(fields, (name, value: unknown) =>
      name === "configuration" ? undefined : value,
    );
    const found = kept.get(key);
    if (found) return found;
    const model = new CompletionsChatModel(fields);
    if (sharedClient) model.client = sharedClient;
    else {
      model._getClientOptions(undefined);
      sharedClient = model.client;
    }
    if (kept.size >= MAX_KEPT_MODELS) kept.delete(kept.keys().next().value ?? "");
    kept.set(key, model);
    return model;
  };
  return {
    modelFor(input) {
      const model = modelOf(modelFields(settings, input));
      const callOptions: Partial<ChatOpenAICompletionsCallOptions> = {
        ...(input.tools ? { tools: input.tools } : {}),
        ...(input.tool_choice ? { tool_choice: input.tool_choice } : {}),
        ...(input.params.seed !== undefined ? { seed: input.params.seed } : {}),
      };
      return Object.keys(callOptions).length > 0 ? model.withConfig(callOptions) : model;
    },
  };
}
