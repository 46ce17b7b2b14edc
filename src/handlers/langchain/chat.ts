import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources";
import { chatInputFrom } from "../../common/chat/chat-input.js";
import { requestMetaData } from "../../common/chat/meta-data.js";
import type { ConversationMessage } from "../../common/memory/index.js";
import { jsonResponse } from "../../common/responses.js";
import type { Settings } from "../../common/settings/index.js";
import { conversationChain } from "./chat-model.js";
import { chatCompletionFrom } from "./completion.js";
import { type OpenConversation, openConversation } from "./conversation.js";
import { toLangChainMessage } from "./messages.js";
import { langchainUpstreamError } from "./upstream-error.js";

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

/**
 * A chat turn through LangChain: the request's system messages, the stored history of its
 * conversation (when it names one), and its new turns go to the model as one prompt; the answer is
 * a chat.completion, and with a conversation the new turns and the answer are stored.
 */
export async function answerChat(
  event: APIGatewayProxyEvent,
  settings: Settings,
): Promise<APIGatewayProxyResult> {
  const input = chatInputFrom(event, settings);
  const { instructions, turns, turnsOffset } = splitInstructions(input.messages);
  // Converted first: a malformed message is a 400 before the store or the model is asked anything.
  const instructionMessages = instructions.map((message, index) =>
    toLangChainMessage(message, `messages.${index}`),
  );
  const turnMessages = turns.map((message, index) =>
    toLangChainMessage(message, `messages.${turnsOffset + index}`),
  );
  const conversation: OpenConversation | undefined = input.conversation_id
    ? await openConversation(settings, input.conversation_id, turns)
    : undefined;
  const chain = conversationChain(settings, input);
  const prompt = {
    instructions: instructionMessages,
    history: (conversation?.history ?? []).map((message, index) =>
      toLangChainMessage(message, `history.${index}`),
    ),
    turns: turnMessages,
  };
  let completion: ChatCompletion;
  try {
    completion = chatCompletionFrom(await chain.invoke(prompt), input.model);
  } catch (error) {
    throw langchainUpstreamError(error);
  }
  await conversation?.save(answerMessage(completion));
  return jsonResponse(200, {
    ...completion,
    request_meta_data: {
      ...requestMetaData("lambda_langchain", input),
      ...(input.conversation_id ? { conversation_id: input.conversation_id } : {}),
    },
  });
}
