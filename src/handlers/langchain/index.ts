import { httpHandler } from "../../common/lambda/http-handler.js";
import { answerChat } from "./chat.js";
import { answerConversation } from "./conversations.js";

const CONVERSATION_RESOURCE = "/conversations/{id}";

/**
 * The general-purpose chat handler on LangChain (`/langchain` and the langchain apps), and the
 * server-side conversations it keeps (`GET`/`DELETE /conversations/{id}`).
 */
export const handler = httpHandler("langchain", async ({ event, settings }) =>
  event.resource === CONVERSATION_RESOURCE
    ? answerConversation(event, settings)
    : answerChat(event, settings),
);
