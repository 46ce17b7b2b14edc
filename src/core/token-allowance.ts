import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { estimateTokens } from "../common/memory/trim.js";
import type { TokenNeed } from "../common/usage/reservation.js";

const CHARS_PER_TOKEN = 4;

/** One model call as it is about to be sent: the whole prompt and the answer's ceiling. */
export interface ModelCall {
  messages: readonly ChatCompletionMessageParam[];
  tools?: readonly unknown[] | undefined;
  maxTokens: number;
}

/**
 * What a request's budget lets each of its model calls spend. Every model call of the request asks
 * before it is sent, with the prompt as sent (stored turns, plugin prompts and tool rounds included),
 * as every call gets what is left of the request's one deadline.
 */
export interface TokenAllowance {
  /**
   * Holds what the call may cost and answers with the max_tokens it may ask for (no more than asked).
   * Throws BudgetExceededError when the budget cannot take even the call's prompt.
   */
  cover(call: ModelCall): Promise<number>;
}

/** The allowance of a request no budget bounds. */
export const UNLIMITED: TokenAllowance = { cover: async (call) => call.maxTokens };

/** The request's allowance: what the core's metering set, else none (a handler called directly, in tests). */
export const allowanceOf = (request: { allowance?: TokenAllowance }): TokenAllowance =>
  request.allowance ?? UNLIMITED;

/** The estimate a hold is made for: about four characters a token, as history trimming counts. */
export function tokenNeedOf({ messages, tools, maxTokens }: ModelCall): TokenNeed {
  const toolTokens = tools ? Math.ceil(JSON.stringify(tools).length / CHARS_PER_TOKEN) : 0;
  const promptTokens = messages.reduce((sum, message) => sum + estimateTokens(message), toolTokens);
  return { promptTokens, maxCompletionTokens: maxTokens };
}

/** An SDK request whose answer has a ceiling, as `completionParams` makes them. */
export type BoundedParams = ChatCompletionCreateParamsNonStreaming & { max_tokens: number };

/** The SDK request with its max_tokens lowered to what the allowance covers. */
export async function withinAllowance<P extends BoundedParams>(
  allowance: TokenAllowance,
  params: P,
): Promise<P> {
  const asked = params.max_tokens;
  const granted = await allowance.cover({ messages: params.messages, tools: params.tools, maxTokens: asked });
  return granted < asked ? { ...params, max_tokens: granted } : params;
}
