import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { z } from "zod/mini";

/** A tool the handler runs itself when the model calls it. */
export interface Tool {
  definition: ChatCompletionFunctionTool;
  /** The result as a JSON-serialisable value; throws ToolFailure for anything the model should hear. */
  run(args: unknown): Promise<unknown>;
}

/** A tool problem worth telling the model (and so the user) in words: bad arguments, a service down. */
export class ToolFailure extends Error {
  override readonly name = "ToolFailure";
}

/** Arguments checked like request bodies: the message names the argument that is wrong. */
export function parseArguments<S extends z.ZodMiniType>(schema: S, args: unknown): z.output<S> {
  const result = schema.safeParse(args);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
  );
  throw new ToolFailure(`Invalid arguments: ${problems.join("; ")}`);
}
