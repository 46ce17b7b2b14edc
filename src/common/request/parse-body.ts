import type { z } from "zod";
import { BadRequestError } from "../errors.js";

/** Formats zod issues as `field.path: message`, one per issue, so the client knows what to fix. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/**
 * Deeper than any real request (JSON schemas of tools included). Deeper bodies parse fine but later
 * overflow the stack of recursive code (JSON.stringify in the SDK), which would answer 500.
 */
export const MAX_BODY_DEPTH = 64;

/**
 * Whether a parsed JSON value nests objects/arrays deeper than `limit`; iterative, so any depth is
 * safe. Only containers are visited, and their depths kept in a parallel stack: every request's body
 * goes through here.
 */
function nestedDeeperThan(value: object, limit: number): boolean {
  const nodes: object[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop() as object;
    const depth = depths.pop() as number;
    if (depth > limit) return true;
    for (const key in node) {
      const child: unknown = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === "object") {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/** A request body as the JSON object it must be: one parse, depth-checked. */
export function decodeBody(body: string | null | undefined, isBase64Encoded = false): object {
  if (body === null || body === undefined || body === "")
    throw new BadRequestError("The request body is empty; send a JSON object.");
  const text = isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError("The request body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new BadRequestError("The request body must be a JSON object.");
  if (nestedDeeperThan(value, MAX_BODY_DEPTH))
    throw new BadRequestError(`The request body nests deeper than ${MAX_BODY_DEPTH} levels.`);
  return value;
}

/** A decoded body checked against its request schema; a 400 names each field that is wrong. */
export function validated<S extends z.ZodType>(value: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const field = result.error.issues[0]?.path.join(".");
    throw new BadRequestError(describeIssues(result.error.issues), field ? { param: field } : {});
  }
  return result.data;
}
