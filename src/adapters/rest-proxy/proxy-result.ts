import type { APIGatewayProxyResult } from "aws-lambda";
import type { JsonReply } from "../../core/reply.js";
import { commonHeaders, JSON_CONTENT_TYPE } from "../../core/response-headers.js";

/** A whole answer as the proxy result API Gateway sends on: the one writer of this door's headers. */
export function proxyResult(
  reply: JsonReply,
  allowOrigin: string | undefined,
  requestId: string,
): APIGatewayProxyResult {
  return {
    statusCode: reply.status,
    headers: {
      "Content-Type": JSON_CONTENT_TYPE,
      ...commonHeaders(allowOrigin, requestId),
      ...reply.headers,
    },
    // A 204 carries no body (RFC 9110, 15.3.5).
    body: reply.status === 204 ? "" : JSON.stringify(reply.body),
  };
}
