import type { ChatInput } from "./chat-input.js";

export type LambdaName = "lambda_openai_v2" | "lambda_langchain" | "lambda_openai_function";

export interface RequestMetaData {
  lambda: LambdaName;
  model: string;
  object_type: "chat.completion";
  temperature: number;
  max_tokens: number;
  input_text?: string;
  app?: string;
  [extra: string]: unknown;
}

/** The `request_meta_data` every chat handler adds to its chat.completion. */
export function requestMetaData(lambda: LambdaName, input: ChatInput, model = input.model): RequestMetaData {
  return {
    lambda,
    model,
    object_type: "chat.completion",
    temperature: input.temperature,
    max_tokens: input.max_tokens,
    ...(input.input_text !== undefined ? { input_text: input.input_text } : {}),
    ...(input.app ? { app: input.app.slug } : {}),
  };
}
