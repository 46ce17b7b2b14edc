import type { ChatRequest, ToolDefinition } from "./request-schema.js";
import { buildArguments, extractPlace, soleEnumProperty } from "./tool-arguments.js";
import { allWordsIn } from "./word-match.js";

export interface ChosenToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

function hasLocation(tool: ToolDefinition): boolean {
  return "location" in (tool.function.parameters?.properties ?? {});
}

/**
 * "coupons for Everlasting Gobstoppers" names a product, not a place: a capitalised phrase that is
 * the subject of another tool (found in its name or description) does not pick the location tool.
 */
function isSubjectOfAnotherTool(phrase: string, tools: readonly ToolDefinition[]): boolean {
  return tools.some(
    (tool) =>
      !hasLocation(tool) && allWordsIn(phrase, `${tool.function.name} ${tool.function.description ?? ""}`),
  );
}

function callOf(tool: ToolDefinition, userText: string, place: string | undefined): ChosenToolCall {
  return { name: tool.function.name, arguments: buildArguments(tool.function.parameters, userText, place) };
}

/**
 * A tool that fits the user's words: a location tool when they name a place, else an information
 * tool with one enum argument. Under "auto" nothing fitting means no call; "required" and a named
 * tool_choice always call (the named tool, or the first one), with arguments as good as the words allow.
 */
export function chooseToolCall(request: ChatRequest, userText: string): ChosenToolCall | undefined {
  const tools = request.tools ?? [];
  const choice = request.tool_choice ?? "auto";
  if (tools.length === 0 || choice === "none") return undefined;

  const candidate = extractPlace(userText);
  const place = candidate && !isSubjectOfAnotherTool(candidate, tools) ? candidate : undefined;
  if (typeof choice === "object") {
    const named = tools.find((tool) => tool.function.name === choice.function.name);
    return named ? callOf(named, userText, place) : undefined;
  }

  const fitting =
    (place === undefined ? undefined : tools.find(hasLocation)) ??
    tools.find((tool) => soleEnumProperty(tool.function.parameters) !== undefined) ??
    (choice === "required" ? tools[0] : undefined);
  return fitting ? callOf(fitting, userText, place) : undefined;
}
