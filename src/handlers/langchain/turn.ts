import type { BaseMessage } from "@langchain/core/messages";
import type { ChatCompletion } from "openai/resources";
import { type ChatInput, chatInputOf } from "../../common/chat/chat-input.js";
import { type RequestMetaData, requestMetaData } from "../../common/chat/meta-data.js";
import {
  rememberedChat,
  splitInstructions,
  storedAnswer,
} from "../../common/conversation/remembered-chat.js";
import type { ChatRequest } from "../../core/request.js";
import { allowanceOf } from "../../core/token-allowance.js";
import type { ChatModels } from "./chat-model.js";
import { toLangChainMessage } from "./messages.js";
import type { LangchainServices } from "./services.js";

/** One chat turn, ready for the model, whether its answer is sent whole or streamed. */
export interface ChatTurn {
  input: ChatInput;
  model: ReturnType<ChatModels["modelFor"]>;
  /** The request's own system messages, the stored history, then the request's new turns. */
  prompt: BaseMessage[];
  metaData: RequestMetaData;
  /** Stores the request's new turns and the answer, when the request names a conversation. */
  save(answer: ChatCompletion): Promise<void>;
}

/**
 * Prepares a chat turn through LangChain: the request's system messages, the stored history of its
 * conversation (when it names one), and its new turns go to the model as one prompt.
 */
export async function prepareTurn(request: ChatRequest, services: LangchainServices): Promise<ChatTurn> {
  const input = chatInputOf(request.body, services.settings);
  const { instructions, turns, turnsOffset } = splitInstructions(input.messages);
  // Converted first: a malformed message is a 400 before the store or the model is asked anything.
  const instructionMessages = instructions.map((message, index) =>
    toLangChainMessage(message, `messages.${index}`),
  );
  const turnMessages = turns.map((message, index) =>
    toLangChainMessage(message, `messages.${turnsOffset + index}`),
  );
  const chat = await rememberedChat(input, request, services);
  const maxTokens = await allowanceOf(request).cover({
    messages: chat.messages,
    tools: input.tools,
    maxTokens: input.max_tokens,
  });
  const covered = { ...input, max_tokens: maxTokens };
  return {
    input: covered,
    model: services.chatModels.modelFor(covered),
    prompt: [
      ...instructionMessages,
      ...chat.history.map((message, index) => toLangChainMessage(message, `history.${index}`)),
      ...turnMessages,
    ],
    metaData: { ...requestMetaData("lambda_langchain", covered), ...chat.metaData },
    save: (answer) => chat.save(storedAnswer(answer)),
  };
}
