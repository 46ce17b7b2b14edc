import type {
  ChatCompletionFunctionTool,
  ChatCompletionMessageToolCall,
  ChatCompletionToolMessageParam,
} from "openai/resources/chat/completions";
import type { Logger } from "../../../services/logger.js";
import { camelCaseWords } from "../matching/words.js";
import type { Plugin } from "../plugins/schema.js";
import type { PluginInfoTools } from "./plugin-info-tool.js";
import { type Tool, ToolFailure } from "./tool.js";

const MAX_TOOL_NAME = 64;

/** "TrailheadOutfitters" -> "get_trailhead_outfitters_info", made unique against names already taken. */
export function pluginToolName(pluginName: string, taken: ReadonlySet<string>): string {
  const snake = camelCaseWords(pluginName).join("_");
  const name = (stem: string, suffix: string) =>
    `get_${stem.slice(0, MAX_TOOL_NAME - 9 - suffix.length)}_info${suffix}`;
  let candidate = name(snake, "");
  for (let n = 2; taken.has(candidate); n++) candidate = name(snake, `_${n}`);
  return candidate;
}

export interface ToolCallResult {
  name: string;
  message: ChatCompletionToolMessageParam;
}

/** What the model hears when a call fails: enough to answer the user anyway, never internals. */
function failure(call: ChatCompletionMessageToolCall, error: string): ToolCallResult {
  const name = call.type === "function" ? call.function.name : call.custom.name;
  return { name, message: { role: "tool", tool_call_id: call.id, content: JSON.stringify({ error }) } };
}

/** The tools of one request, and the one place a tool call becomes a `tool` message. */
export class Toolbox {
  readonly #tools = new Map<string, Tool>();
  readonly #requestId: string;
  readonly #logger: Logger;

  /** `requestId` is named in the log line of a tool that fails unexpectedly. */
  constructor(tools: readonly Tool[], requestId: string, logger: Logger) {
    this.#requestId = requestId;
    this.#logger = logger;
    for (const tool of tools) this.#tools.set(tool.definition.function.name, tool);
  }

  get definitions(): ChatCompletionFunctionTool[] {
    return [...this.#tools.values()].map((tool) => tool.definition);
  }

  has(name: string): boolean {
    return this.#tools.has(name);
  }

  /** Runs one call. Every failure (unknown tool, malformed JSON, a tool error) becomes a tool message. */
  async run(call: ChatCompletionMessageToolCall): Promise<ToolCallResult> {
    if (call.type !== "function") return failure(call, "Only function tools are available.");
    const { name } = call.function;
    const tool = this.#tools.get(name);
    if (!tool)
      return failure(
        call,
        `There is no tool named '${name}'. Available: ${[...this.#tools.keys()].join(", ")}.`,
      );
    let args: unknown;
    try {
      args = call.function.arguments.trim() === "" ? {} : JSON.parse(call.function.arguments);
    } catch {
      return failure(call, `The arguments of ${name} are not valid JSON.`);
    }
    try {
      const result = await tool.run(args);
      return { name, message: { role: "tool", tool_call_id: call.id, content: JSON.stringify(result) } };
    } catch (error) {
      if (error instanceof ToolFailure) return failure(call, error.message);
      this.#logger.error(`Tool ${name} failed unexpectedly`, { requestId: this.#requestId, error });
      return failure(call, `The tool ${name} failed unexpectedly.`);
    }
  }
}

/**
 * One information tool per selected plugin, in plugin-name order: a plugin keeps its tool name
 * whichever other plugins a prompt selects with it.
 */
export function pluginTools(
  plugins: readonly Plugin[],
  reserved: ReadonlySet<string>,
  infoTools: PluginInfoTools,
): Tool[] {
  const taken = new Set(reserved);
  const byName = [...plugins].sort((a, b) => a.meta_data.plugin_name.localeCompare(b.meta_data.plugin_name));
  return byName.map((plugin) => {
    const name = pluginToolName(plugin.meta_data.plugin_name, taken);
    taken.add(name);
    return infoTools.tool(plugin, name);
  });
}
