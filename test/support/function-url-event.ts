import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { IncomingCall } from "../../src/local/proxy-event.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The request time as function URL events spell it: `29/Nov/2026:04:07:09 +0000`. */
function eventTime(at: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const date = `${two(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}`;
  return `${date}:${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;
}

/**
 * A Lambda function URL event (payload format 2.0) for a local request: lower-case header names,
 * repeated headers and query values joined with commas, cookies apart from the headers.
 */
export function toFunctionUrlEvent(call: IncomingCall): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(call.headers)) {
    if (value === undefined || name === "cookie") continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of call.query) query[name] = name in query ? `${query[name]},${value}` : value;
  const cookies = call.headers.cookie?.split(/;\s*/).filter((cookie) => cookie !== "");
  const now = new Date();
  const host = headers.host ?? "localhost";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: call.path,
    rawQueryString: call.query.toString(),
    ...(cookies && cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(call.query.size > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: call.apiId ?? "local",
      domainName: host,
      domainPrefix: host.split(".")[0] ?? host,
      http: {
        method: call.method,
        path: call.path,
        protocol: "HTTP/1.1",
        sourceIp: call.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: call.requestId,
      routeKey: "$default",
      stage: "$default",
      time: eventTime(now),
      timeEpoch: now.getTime(),
    },
    ...(call.body === null ? {} : { body: call.body }),
    isBase64Encoded: call.isBase64Encoded ?? false,
  };
}
