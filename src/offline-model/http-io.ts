import type { IncomingMessage, ServerResponse } from "node:http";

/** Reading bodies and writing JSON answers, with errors shaped the way OpenAI shapes them. */

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    this.name = "BodyTooLargeError";
  }
}

/**
 * An oversized body is still read to its end (and dropped): leaving the loop early would destroy
 * the socket, and the client would get a reset instead of a 413 it can understand.
 */
export async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of request) {
    const buffer = part as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) parts.push(buffer);
  }
  if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
  return Buffer.concat(parts).toString("utf8");
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export interface OpenAiErrorDetails {
  message: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

function openAiError(details: OpenAiErrorDetails) {
  return {
    error: {
      message: details.message,
      type: details.type ?? "invalid_request_error",
      param: details.param ?? null,
      code: details.code ?? null,
    },
  };
}

export function sendError(
  response: ServerResponse,
  status: number,
  details: OpenAiErrorDetails,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, openAiError(details), headers);
}
