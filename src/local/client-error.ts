import type { Socket } from "node:net";
import type { ErrorBody } from "../common/errors.js";
import { commonHeaders, JSON_CONTENT_TYPE } from "../core/response-headers.js";

/** The status, type and message for HTTP Node could not parse, so the client reads the same error shape. */
function describe(code: string | undefined): { status: number; reason: string; body: ErrorBody } {
  if (code === "HPE_HEADER_OVERFLOW")
    return {
      status: 431,
      reason: "Request Header Fields Too Large",
      body: { error: { type: "request_too_large", message: "The request headers are too large." } },
    };
  if (code === "ERR_HTTP_REQUEST_TIMEOUT")
    return {
      status: 408,
      reason: "Request Timeout",
      body: { error: { type: "request_timeout", message: "The request did not arrive in time." } },
    };
  return {
    status: 400,
    reason: "Bad Request",
    body: { error: { type: "invalid_request", message: "The request is not valid HTTP." } },
  };
}

/**
 * Node's `clientError` answer: a JSON error with the CORS headers every other answer carries,
 * instead of Node's bare 400/431, then the connection is closed.
 */
export function answerClientError(allowOrigin: string, error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const { status, reason, body } = describe(error.code);
  const text = JSON.stringify(body);
  const headers = {
    ...commonHeaders(allowOrigin),
    "Content-Type": JSON_CONTENT_TYPE,
    "Content-Length": String(Buffer.byteLength(text)),
    Connection: "close",
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${head.join("")}\r\n${text}`);
}
