import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  type MessageContent,
  SystemMessage,
  type ToolCall,
  ToolMessage,
} from "@langchain/core/messages";
import type { ChatCompletionAssistantMessageParam, ChatCompletionMessageParam } from "openai/resources";
import { BadRequestError } from "../../common/errors.js";

function toolCallsOf(message: ChatCompletionAssistantMessageParam, field: string): ToolCall[] {
  return (message.tool_calls ?? []).map((call, index) => {
    if (call.type !== "function")
      throw new BadRequestError(`${field}.tool_calls.${index}.type: only function tool calls are supported`);
    let args: unknown;
    try {
      args = JSON.parse(call.function.arguments);
    } catch {
      args = undefined;
    }
    if (args === null || typeof args !== "object" || Array.isArray(args))
      throw new BadRequestError(`${field}.tool_calls.${index}.function.arguments: expected a JSON object`);
    return {
      id: call.id,
      name: call.function.name,
      args: args as Record<string, unknown>,
      type: "tool_call",
    };
  });
}

/**
 * An openai SDK message as a LangChain message. Content parts (text, images) keep the OpenAI shape,
 * which LangChain's OpenAI converter passes through unchanged; `field` names the message in errors.
 */
export function toLangChainMessage(message: ChatCompletionMessageParam, field: string): BaseMessage {
  const name = "name" in message && message.name !== undefined ? { name: message.name } : {};
  switch (message.role) {
    case "system":
    case "developer":
      return new SystemMessage({ content: message.content as MessageContent, ...name });
    case "user":
      return new HumanMessage({ content: message.content as MessageContent, ...name });
    case "assistant":
      return new AIMessage({
        content: (message.content ?? "") as MessageContent,
        tool_calls: toolCallsOf(message, field),
        ...name,
      });
    case "tool":
      return new ToolMessage({
        content: message.content as MessageContent,
        tool_call_id: message.tool_call_id,
      });
    case "function":
      throw new BadRequestError(`${field}.role: 'function' messages are not supported; use tools`);
  }
}
