import type { FunctionAnswers } from "../../core/answers.js";
import { answerChat } from "./chat.js";
import { answerConversation } from "./conversations.js";
import type { LangchainServices } from "./services.js";
import { streamChatAnswer } from "./stream.js";

/** Every way langchain answers: for its streaming entry and the local server. */
export const langchainAnswers: FunctionAnswers<LangchainServices> = {
  name: "langchain",
  whole: answerChat,
  streamed: streamChatAnswer,
  resource: answerConversation,
};
