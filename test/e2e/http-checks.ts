import { expect } from "vitest";

/** What a stack trace or a source location looks like in a response body. */
export const STACK_TRACE =
  /\n\s+at |\bat \S+ \(|\.(ts|js|mjs|cjs):\d+|\/work\/|\/src\/|node_modules|file:\/\/|"stack"/;

export interface ErrorBody {
  error: { type: string; message: string; request_id: string };
}

/** Asserts the contract's error shape: status, JSON `{error: {type, message, request_id}}`, no stack trace. */
export async function expectJsonError(response: Response, status: number, type?: string): Promise<ErrorBody> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = JSON.parse(text) as ErrorBody;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error.type).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.request_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(response.headers.get("x-request-id")).toBe(body.error.request_id);
  expect(text).not.toMatch(STACK_TRACE);
  if (type) expect(body.error.type).toBe(type);
  return body;
}

export interface CompletionBody {
  object: string;
  model: string;
  choices: { message: { role: string; content: string | null } }[];
  request_meta_data: Record<string, unknown>;
}

export async function expectCompletion(response: Response): Promise<CompletionBody> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  const body = JSON.parse(text) as CompletionBody;
  expect(body.object).toBe("chat.completion");
  return body;
}
