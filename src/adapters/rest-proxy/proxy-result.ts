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
    body: JSON.stringify(reply.body),
  };
}
