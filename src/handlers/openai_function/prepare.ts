import type { ChatCompletionTool } from "openai/resources/chat/completions";
import { type ChatInput, chatInputOf } from "../../common/chat/chat-input.js";
import { type RequestMetaData, requestMetaData } from "../../common/chat/meta-data.js";
import { rememberedChat, storedAnswer } from "../../common/conversation/remembered-chat.js";
import { BadRequestError } from "../../common/errors.js";
import { completionParams } from "../../common/openai/complete-chat.js";
import { requestDeadline } from "../../common/openai/deadline.js";
import type { ChatRequest } from "../../core/request.js";
import { allowanceOf } from "../../core/token-allowance.js";
import { userTexts } from "./matching/user-texts.js";
import { withPlugins } from "./plugin-prompting.js";
import type { FunctionServices } from "./services.js";
import type { ToolLoopOptions, ToolLoopResult } from "./tool-loop.js";
import { pluginTools, Toolbox } from "./tools/toolbox.js";
import { WEATHER_TOOL_NAME } from "./tools/weather/weather-tool.js";

function clientToolNames(tools: readonly ChatCompletionTool[], toolbox: Toolbox): Set<string> {
  const names = new Set<string>();
  tools.forEach((tool, i) => {
    const name = tool.type === "function" ? tool.function.name : tool.custom.name;
    if (toolbox.has(name))
      throw new BadRequestError(`tools.${i}.function.name: '${name}' is a tool of this route; rename yours`);
    names.add(name);
  });
  return names;
}

/** A function-calling request ready for its tool loop, whether its answer is sent whole or streamed. */
export interface FunctionCall {
  input: ChatInput;
  loop: Omit<ToolLoopOptions, "ask">;
  /** The request_meta_data of the answer the loop ended with. */
  metaData(result: ToolLoopResult): RequestMetaData;
  /** Stores the request's turn with the answer the loop ended with, when it names a conversation. */
  save(result: ToolLoopResult): Promise<void>;
}

/**
 * Adaptive function calling: the user's messages select plugins (prompt, overrides, an information
 * tool each); the weather tool is always offered; the client's own tools go along. A conversation's
 * stored turns count in the selection, so a follow-up question keeps its plugin.
 */
export async function prepareFunctionCall(
  request: ChatRequest,
  services: FunctionServices,
): Promise<FunctionCall> {
  const { settings, logger } = services;
  const { requestId } = request;
  const deadline = requestDeadline(request, settings);
  const requested = chatInputOf(request.body, settings);
  const chat = await rememberedChat(requested, request, services);
  const input = { ...requested, messages: chat.messages };
  const { index, infoTools } = await services.plugins.current();
  const selected = index.select(userTexts(input.messages));
  const prepared = withPlugins(input, selected);
  const plugins = selected.map(({ plugin }) => plugin);
  const toolbox = new Toolbox(
    [services.weather, ...pluginTools(plugins, new Set([WEATHER_TOOL_NAME]), infoTools)],
    requestId,
    logger,
  );
  const clientTools = input.tools ?? [];
  return {
    input: prepared,
    loop: {
      params: completionParams(prepared, { tools: [...toolbox.definitions, ...clientTools] }),
      toolbox,
      clientTools: clientToolNames(clientTools, toolbox),
      maxRounds: settings.MAX_TOOL_ROUNDS,
      deadline,
      allowance: allowanceOf(request),
      requestId,
      logger,
    },
    metaData: (result) => ({
      ...requestMetaData("lambda_openai_function", prepared),
      ...chat.metaData,
      plugins: plugins.map((plugin) => plugin.meta_data.plugin_name),
      tools_called: result.toolsCalled,
      tool_rounds: result.rounds,
      ...(result.cutOff === "rounds"
        ? { tool_loop_cut_off: `still calling tools after ${settings.MAX_TOOL_ROUNDS} rounds` }
        : {}),
      ...(result.cutOff === "budget"
        ? {
            tool_loop_cut_off: `the token budget could not take another model call after ${result.rounds + 1}`,
          }
        : {}),
    }),
    // A loop cut off ends on calls of the handler's own tools that were never run.
    save: (result) => chat.save(storedAnswer(result.completion, !result.cutOff)),
  };
}
