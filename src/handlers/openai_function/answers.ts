import type { FunctionAnswers } from "../../core/answers.js";
import { answerChat } from "./chat.js";
import type { FunctionServices } from "./services.js";
import { streamChatAnswer } from "./stream.js";

/** Every way openai_function answers: for its streaming entry and the local server. */
export const functionAnswers: FunctionAnswers<FunctionServices> = {
  name: "openai_function",
  whole: answerChat,
  streamed: streamChatAnswer,
};
