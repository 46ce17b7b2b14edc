import * as z from "../../../common/zod.js";
import type { Plugin } from "../plugins/schema.js";
import { parseArguments, type Tool } from "./tool.js";

interface InfoToolParts {
  keys: string[];
  schema: z.ZodMiniType<{ topic: string }>;
}

function infoToolParts(plugin: Plugin): InfoToolParts {
  const keys = Object.keys(plugin.function_calling.additional_information);
  return { keys, schema: z.object({ topic: z.enum(keys as [string, ...string[]]) }) };
}

/**
 * The information tools of one plugin set, their argument schemas built once when the set is: a zod
 * schema costs far more to build and parse the first time than to parse again (docs/cold-start.md),
 * and the same plugins answer request after request.
 */
export class PluginInfoTools {
  readonly #parts = new Map<Plugin, InfoToolParts>();

  constructor(plugins: readonly Plugin[]) {
    for (const plugin of plugins) this.#parts.set(plugin, infoToolParts(plugin));
  }

  /**
   * The tool of one selected plugin: its description is the plugin's `function_description`, its one
   * argument lists the keys of `additional_information`, and it returns the slice under the chosen key.
   */
  tool(plugin: Plugin, name: string): Tool {
    const parts = this.#parts.get(plugin);
    if (!parts) throw new Error(`${plugin.meta_data.plugin_name} is not a plugin of this set`);
    const { keys, schema } = parts;
    const information = plugin.function_calling.additional_information;
    return {
      definition: {
        type: "function",
        function: {
          name,
          description: plugin.function_calling.function_description,
          parameters: {
            type: "object",
            properties: {
              topic: { type: "string", enum: keys, description: "Which information to return." },
            },
            required: ["topic"],
            additionalProperties: false,
          },
        },
      },
      run: async (args) => {
        const { topic } = parseArguments(schema, args);
        return { plugin: plugin.meta_data.plugin_name, topic, information: information[topic] };
      },
    };
  }
}
