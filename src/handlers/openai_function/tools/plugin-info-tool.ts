import { z } from "zod";
import type { Plugin } from "../plugins/schema.js";
import { parseArguments, type Tool } from "./tool.js";

/**
 * The tool of one selected plugin: its description is the plugin's `function_description`, its one
 * argument lists the keys of `additional_information`, and it returns the slice under the chosen key.
 */
export function pluginInfoTool(plugin: Plugin, name: string): Tool {
  const information = plugin.function_calling.additional_information;
  const keys = Object.keys(information);
  const schema = z.object({ topic: z.enum(keys as [string, ...string[]]) });
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
