import type {
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from "openai/resources";
import type { ChatBody } from "../../core/request.js";
import type { App } from "../catalog/index.js";
import type { AppRequestBody, ChatMessage, ChatRequestBody, HistoryEntry } from "../request/schemas.js";
import type { Settings } from "../settings/index.js";

/** Sampling parameters a client may pass straight through to the model. */
export interface PassthroughParams {
  top_p?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  seed?: number;
  stop?: string | string[];
  user?: string;
}

/** A validated chat request, whichever route it came from: what every chat handler works on. */
export interface ChatInput {
  model: string;
  temperature: number;
  max_tokens: number;
  messages: ChatCompletionMessageParam[];
  tools?: ChatCompletionTool[];
  tool_choice?: ChatCompletionToolChoiceOption;
  params: PassthroughParams;
  /** The newest user text, echoed in request_meta_data. */
  input_text?: string;
  app?: App;
  conversation_id?: string;
}

export function historyMessages(history: readonly HistoryEntry[]): ChatCompletionMessageParam[] {
  return history.map(({ sender, message }) => ({ role: sender, content: message }));
}

/**
 * An app's instructions are its own system prompt: the `system` bubbles a chat client sends in an app's
 * history are display text (a welcome line, example prompts), so they never reach the model.
 */
function conversationBubbles(history: readonly HistoryEntry[]): HistoryEntry[] {
  return history.filter((entry) => entry.sender !== "system");
}

function lastUserText(messages: readonly ChatCompletionMessageParam[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === "user") return typeof message.content === "string" ? message.content : undefined;
  }
  return undefined;
}

/** The schema already checked each message's shape per role; this narrows the type to the SDK's. */
function asSdkMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages as ChatCompletionMessageParam[];
}

function fromChatBody(body: ChatRequestBody, settings: Settings): ChatInput {
  let messages: ChatCompletionMessageParam[] = body.chat_history
    ? historyMessages(body.chat_history)
    : asSdkMessages(body.messages ?? []);
  if (body.input_text) messages = [...messages, { role: "user", content: body.input_text }];
  const { top_p, presence_penalty, frequency_penalty, seed, stop, user } = body;
  const params = Object.fromEntries(
    Object.entries({ top_p, presence_penalty, frequency_penalty, seed, stop, user }).filter(
      ([, v]) => v !== undefined,
    ),
  ) as PassthroughParams;
  const input: ChatInput = {
    model: body.model ?? settings.OPENAI_MODEL,
    temperature: body.temperature,
    max_tokens: body.max_tokens,
    messages,
    params,
  };
  const inputText = lastUserText(messages);
  if (inputText !== undefined) input.input_text = inputText;
  if (body.tools) input.tools = body.tools as ChatCompletionTool[];
  if (body.tool_choice) input.tool_choice = body.tool_choice;
  if (body.conversation_id) input.conversation_id = body.conversation_id;
  return input;
}

function fromApp(app: App, body: AppRequestBody, settings: Settings): ChatInput {
  const input: ChatInput = {
    model: app.model ?? settings.OPENAI_MODEL,
    temperature: app.temperature,
    max_tokens: app.max_tokens,
    messages: [
      { role: "system", content: app.system_prompt },
      ...historyMessages(conversationBubbles(body.chat_history)),
      { role: "user", content: body.input_text },
    ],
    params: {},
    input_text: body.input_text,
    app,
  };
  if (body.conversation_id) input.conversation_id = body.conversation_id;
  return input;
}

/** An app named as the model: its model, prompt and parameters, the client's messages as the conversation. */
function fromAppModel(app: App, body: ChatRequestBody, settings: Settings): ChatInput {
  const input = fromChatBody(body, settings);
  return {
    ...input,
    model: app.model ?? settings.OPENAI_MODEL,
    temperature: app.temperature,
    max_tokens: app.max_tokens,
    messages: [{ role: "system", content: app.system_prompt }, ...input.messages],
    app,
  };
}

/** The chat input of a validated body: an app supplies its prompt and parameters, a passthrough body all. */
export function chatInputOf(body: ChatBody, settings: Settings): ChatInput {
  switch (body.kind) {
    case "app":
      return fromApp(body.app, body.fields, settings);
    case "app-model":
      return fromAppModel(body.app, body.fields, settings);
    case "passthrough":
      return fromChatBody(body.fields, settings);
  }
}
