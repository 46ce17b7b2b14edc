import type { WebApp } from "./web-app.js";

/**
 * A chat the page offers: a catalog app, or a direct chat on a handler's passthrough route. Every
 * chat handler keeps its conversations on the server (`conversation_id`), so each chat lasts and is
 * listed in the History.
 */
export interface ChatApp extends WebApp {
  /** The route its turns are posted to. */
  path: string;
  /** Passthrough routes take a `model`; an app route always uses its app's. */
  picksModel: boolean;
}

export function catalogChatApp(app: WebApp): ChatApp {
  return {
    ...app,
    path: `/examples/${encodeURIComponent(app.slug)}`,
    picksModel: false,
  };
}

const DIRECT_WELCOME =
  "A chat straight with the model, without an app's instructions. Pick the model under the message box.";

function directChat(
  handler: WebApp["handler"],
  path: string,
  title: string,
  description: string,
  examples: string[],
): ChatApp {
  return {
    // The slug is the route's name: the server lists a passthrough conversation under it.
    slug: path.slice(1),
    title,
    description,
    handler,
    welcome: DIRECT_WELCOME,
    examples,
    path,
    picksModel: true,
  };
}

/** Each chat handler's passthrough route, as a chat with a model picker. */
export const DIRECT_CHATS: readonly ChatApp[] = [
  directChat("openai_v2", "/passthrough", "Direct chat", "Any model, no instructions.", [
    "Write a haiku about serverless functions.",
    "Show a Python function that reverses a string.",
  ]),
  directChat("langchain", "/langchain", "Direct chat through LangChain", "Any model, through LangChain.", [
    "Compare DynamoDB and S3 in a table.",
    "What did I ask you first?",
  ]),
  directChat(
    "openai_function",
    "/openai_function_passthrough",
    "Direct chat with tools",
    "Any model, with the weather tool and plugins.",
    ["What is the weather in Cambridge, MA?"],
  ),
];
