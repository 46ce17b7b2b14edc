import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources";
import { type ChatInput, chatInputOf } from "../../common/chat/chat-input.js";
import { type RequestMetaData, requestMetaData } from "../../common/chat/meta-data.js";
import type { ConversationMessage } from "../../common/memory/index.js";
import { ownerOf } from "../../core/caller.js";
import type { ChatRequest } from "../../core/request.js";
import type { ChatModels, ConversationPromptValues } from "./chat-model.js";
import { appOf, type OpenConversation, openConversation } from "./conversation.js";
import { toLangChainMessage } from "./messages.js";
import type { LangchainServices } from "./services.js";

/** The leading system messages (the app's prompt or the client's) and the turns after them. */
function splitInstructions(messages: readonly ChatCompletionMessageParam[]) {
  const firstTurn = messages.findIndex((message) => message.role !== "system");
  const split = firstTurn === -1 ? messages.length : firstTurn;
  return { instructions: messages.slice(0, split), turns: messages.slice(split), turnsOffset: split };
}

function answerMessage(completion: ChatCompletion): ConversationMessage {
  const { content, tool_calls } = completion.choices[0]?.message ?? { content: "" };
  return { role: "assistant", content, ...(tool_calls ? { tool_calls } : {}) };
}

/** One chat turn, ready for the model, whether its answer is sent whole or streamed. */
export interface ChatTurn {
  input: ChatInput;
  chain: ReturnType<ChatModels["chain"]>;
  prompt: ConversationPromptValues;
  metaData: RequestMetaData;
  /** Stores the request's new turns and the answer, when the request names a conversation. */
  save(answer: ChatCompletion): Promise<void>;
}

/**
 * Prepares a chat turn through LangChain: the request's system messages, the stored history of its
 * conversation (when it names one), and its new turns go to the model as one prompt.
 */
export async function prepareTurn(request: ChatRequest, services: LangchainServices): Promise<ChatTurn> {
  const { settings } = services;
  const input = chatInputOf(request.body, settings);
  const { instructions, turns, turnsOffset } = splitInstructions(input.messages);
  // Converted first: a malformed message is a 400 before the store or the model is asked anything.
  const instructionMessages = instructions.map((message, index) =>
    toLangChainMessage(message, `messages.${index}`),
  );
  const turnMessages = turns.map((message, index) =>
    toLangChainMessage(message, `messages.${turnsOffset + index}`),
  );
  const conversation: OpenConversation | undefined = input.conversation_id
    ? await openConversation(services.conversations, settings, input.conversation_id, turns, {
        owner: ownerOf(request.caller),
        app: appOf(request.route),
      })
    : undefined;
  return {
    input,
    chain: services.chatModels.chain(input),
    prompt: {
      instructions: instructionMessages,
      history: (conversation?.history ?? []).map((message, index) =>
        toLangChainMessage(message, `history.${index}`),
      ),
      turns: turnMessages,
    },
    metaData: {
      ...requestMetaData("lambda_langchain", input),
      ...(input.conversation_id ? { conversation_id: input.conversation_id } : {}),
    },
    save: async (answer) => {
      await conversation?.save(answerMessage(answer));
    },
  };
}
