import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { AIMessageChunk, BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { ChatPromptTemplate, MessagesPlaceholder } from "@langchain/core/prompts";
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

/** The request's own system messages, the stored history, then the request's new turns: one prompt. */
const conversationPrompt = ChatPromptTemplate.fromMessages([
  new MessagesPlaceholder("instructions"),
  new MessagesPlaceholder("history"),
  new MessagesPlaceholder("turns"),
]);

export interface ConversationPromptValues {
  instructions: BaseMessage[];
  history: BaseMessage[];
  turns: BaseMessage[];
}

/** A chat model per request (model, temperature and max_tokens are fields, not call options). */
export interface ChatModels {
  /** The prompt piped into the model, with the request's tools and seed bound to the model call. */
  chain(input: ChatInput): Runnable<ConversationPromptValues, AIMessageChunk>;
}

/**
 * The chat models of one cold start. They share the SDK client the first one builds: it depends on
 * the settings alone, and building one takes longer than setting up the rest of the model.
 */
export function createChatModels(settings: Settings): ChatModels {
  let sharedClient: OpenAI | undefined;
  return {
    chain(input) {
      const model = new CompletionsChatModel(modelFields(settings, input));
      if (sharedClient) model.client = sharedClient;
      else {
        model._getClientOptions(undefined);
        sharedClient = model.client;
      }
      const callOptions: Partial<ChatOpenAICompletionsCallOptions> = {
        ...(input.tools ? { tools: input.tools } : {}),
        ...(input.tool_choice ? { tool_choice: input.tool_choice } : {}),
        ...(input.params.seed !== undefined ? { seed: input.params.seed } : {}),
      };
      return conversationPrompt.pipe(
        Object.keys(callOptions).length > 0 ? model.withConfig(callOptions) : model,
      );
    },
  };
}
