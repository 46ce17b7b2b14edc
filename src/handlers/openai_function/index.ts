import type { ChatCompletionTool } from "openai/resources/chat/completions";
import { chatInputFrom } from "../../common/chat/chat-input.js";
import { requestMetaData } from "../../common/chat/meta-data.js";
import { BadRequestError } from "../../common/errors.js";
import { httpHandler } from "../../common/lambda/http-handler.js";
import { getOpenAIClient } from "../../common/openai/client.js";
import { completionParams } from "../../common/openai/complete-chat.js";
import { jsonResponse } from "../../common/responses.js";
import { userTexts } from "./matching/user-texts.js";
import { withPlugins } from "./plugin-prompting.js";
import { loadPlugins } from "./plugins/plugin-store.js";
import { runToolLoop } from "./tool-loop.js";
import { pluginTools, Toolbox } from "./tools/toolbox.js";
import { WEATHER_TOOL_NAME, weatherToolFor } from "./tools/weather/weather-tool.js";

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

/**
 * Adaptive function calling: `/openai_function_passthrough` and the openai_function apps. The user's
 * messages select plugins (prompt, overrides, an information tool each); the weather tool is always
 * offered; tool calls are run here until the model answers.
 */
export const handler = httpHandler("openai_function", async ({ event, settings }) => {
  const deadline = Date.now() + settings.OPENAI_TIMEOUT_MS;
  const input = chatInputFrom(event, settings);
  const { index } = await loadPlugins(settings);
  const selected = index.select(userTexts(input.messages));
  const prepared = withPlugins(input, selected);
  const plugins = selected.map(({ plugin }) => plugin);
  const toolbox = new Toolbox([
    weatherToolFor(settings),
    ...pluginTools(plugins, new Set([WEATHER_TOOL_NAME])),
  ]);
  const clientTools = input.tools ?? [];
  const result = await runToolLoop({
    client: getOpenAIClient(settings),
    params: completionParams(prepared, { tools: [...toolbox.definitions, ...clientTools] }),
    toolbox,
    clientTools: clientToolNames(clientTools, toolbox),
    maxRounds: settings.MAX_TOOL_ROUNDS,
    deadline,
  });
  return jsonResponse(200, {
    ...result.completion,
    request_meta_data: {
      ...requestMetaData("lambda_openai_function", prepared),
      plugins: plugins.map((plugin) => plugin.meta_data.plugin_name),
      tools_called: result.toolsCalled,
      tool_rounds: result.rounds,
      ...(result.cutOff
        ? { tool_loop_cut_off: `still calling tools after ${settings.MAX_TOOL_ROUNDS} rounds` }
        : {}),
    },
  });
});
