import type { FunctionAnswers } from "../../core/answers.js";
import { answerChat } from "./chat.js";
import type { OpenAIV2Services } from "./services.js";
import { streamChatAnswer } from "./stream.js";

/** Every way openai_v2 answers: for its streaming entry and the local server. */
export const openAIV2Answers: FunctionAnswers<OpenAIV2Services> = {
  name: "openai_v2",
  whole: answerChat,
  streamed: streamChatAnswer,
};
