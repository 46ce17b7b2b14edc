import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { BudgetExceededError } from "../../common/errors.js";
import type { Deadline } from "../../common/openai/deadline.js";
import type { BoundedParams } from "../../core/token-allowance.js";
import { type TokenAllowance, withinAllowance } from "../../core/token-allowance.js";
import type { Logger } from "../../services/logger.js";
import type { Toolbox } from "./tools/toolbox.js";

/** One model call of the loop: the whole answer (buffered), or the answer a stream added up to. */
export type AskModel = (
  params: ChatCompletionCreateParamsNonStreaming,
  deadline: Deadline,
) => Promise<ChatCompletion>;

export interface ToolLoopOptions {
  ask: AskModel;
  params: BoundedParams;
  toolbox: Toolbox;
  /** Names of tools the client declared itself; a call to one ends the loop. */
  clientTools: ReadonlySet<string>;
  /** Rounds of tool calls the handler runs before it asks the model for a final answer. */
  maxRounds: number;
  /**
   * The request's one deadline: every model call gets what is left of it, so several rounds together
   * cannot outlast the API Gateway integration timeout.
   */
  deadline: Deadline;
  /** The request's token budget: every round's call is held before it is sent. */
  allowance: TokenAllowance;
  /** Named in the loop's log lines. */
  requestId: string;
  logger: Logger;
  /** Told of each round's calls to the handler's tools before they run (a streamed answer shows them). */
  onToolCalls?: (calls: readonly ChatCompletionMessageToolCall[]) => void;
}

export interface ToolLoopResult {
  /** The last answer, with the usage of every round added up. */
  completion: ChatCompletion;
  toolsCalled: string[];
  rounds: number;
  /**
   * Why the loop ended on calls of the handler's tools that were never answered, returning its last
   * completion: the model still called tools when asked for a final answer ("rounds"), or the token
   * budget could not take the next round ("budget").
   */
  cutOff: false | "rounds" | "budget";
}

/** What every round together cost: the usage of each model call added up. */
function addUsage(
  total: CompletionUsage | undefined,
  round: CompletionUsage | undefined,
): CompletionUsage | undefined {
  if (!round) return total;
  if (!total) return { ...round };
  return {
    prompt_tokens: total.prompt_tokens + round.prompt_tokens,
    completion_tokens: total.completion_tokens + round.completion_tokens,
    total_tokens: total.total_tokens + round.total_tokens,
  };
}

function toolNameOf(call: ChatCompletionMessageToolCall): string {
  return call.type === "function" ? call.function.name : call.custom.name;
}

/** The assistant turn as it is sent back: only the fields a request message may carry. */
function assistantTurn(message: ChatCompletionMessage): ChatCompletionMessageParam {
  return {
    role: "assistant",
    content: message.content,
    ...(message.tool_calls ? { tool_calls: message.tool_calls } : {}),
  };
}

/**
 * Asks the model; while it answers with calls to the handler's tools, runs them in parallel, appends
 * one `tool` message per call and asks again. After `maxRounds` rounds the model is asked once more
 * with tool_choice "none", so it answers with what it has; a model that still calls tools is cut off.
 * The client's tool_choice applies to the first request only: forcing a tool on every round would
 * never end.
 */
export async function runToolLoop(options: ToolLoopOptions): Promise<ToolLoopResult> {
  const { ask, toolbox, maxRounds } = options;
  const messages = [...options.params.messages];
  const toolsCalled: string[] = [];
  let usage: CompletionUsage | undefined;
  let previous: ToolLoopResult | undefined;
  for (let round = 0; ; round++) {
    const finalRequest = round === maxRounds;
    const toolChoice =
      round === 0 ? {} : { tool_choice: finalRequest ? ("none" as const) : ("auto" as const) };
    let params: BoundedParams;
    try {
      params = await withinAllowance(options.allowance, { ...options.params, messages, ...toolChoice });
    } catch (error) {
      // The first call refused is the request refused; a later one ends the loop with what it has.
      if (!(error instanceof BudgetExceededError && previous)) throw error;
      options.logger.warn("The token budget cannot take another tool round; returning the last answer", {
        requestId: options.requestId,
        rounds: round,
      });
      return { ...previous, cutOff: "budget" };
    }
    const answer = await ask(params, options.deadline);
    usage = addUsage(usage, answer.usage);
    const completion: ChatCompletion = usage ? { ...answer, usage } : answer;
    const message = completion.choices[0]?.message;
    const calls = message?.tool_calls ?? [];
    const result: ToolLoopResult = {
      completion,
      toolsCalled: [...toolsCalled],
      rounds: round,
      cutOff: false,
    };
    if (!message || calls.length === 0) return result;
    // A call of a tool the client declared goes back to the client, as with any chat completion.
    if (calls.some((call) => options.clientTools.has(toolNameOf(call)))) return result;
    if (finalRequest) {
      options.logger.warn(
        `The model still called tools after ${maxRounds} rounds; returning its last answer`,
        {
          requestId: options.requestId,
          tools: calls.map(toolNameOf),
        },
      );
      return { ...result, cutOff: "rounds" };
    }
    options.onToolCalls?.(calls);
    const outcomes = await Promise.all(calls.map((call) => toolbox.run(call)));
    messages.push(assistantTurn(message), ...outcomes.map((outcome) => outcome.message));
    toolsCalled.push(...outcomes.map((outcome) => outcome.name));
    previous = { ...result, toolsCalled: [...toolsCalled] };
  }
}
