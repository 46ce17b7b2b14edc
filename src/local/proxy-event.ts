import type { IncomingHttpHeaders } from "node:http";
import type { APIGatewayProxyEvent } from "aws-lambda";

export interface IncomingCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string | null;
  resource: string;
  pathParameters: Record<string, string> | null;
  requestId: string;
  sourceIp: string;
  /** The API key the gateway checked, with the id API Gateway would name it by. */
  apiKey: string | null;
  apiKeyId: string | null;
  stage: string;
  isBase64Encoded?: boolean;
  accountId?: string;
  apiId?: string;
}

function singleAndMulti(
  entries: Iterable<[string, string | string[] | undefined]>,
): [Record<string, string>, Record<string, string[]>] {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) continue;
    multi[name] = list;
    single[name] = list[list.length - 1] ?? "";
  }
  return [single, multi];
}

function groupedQuery(query: URLSearchParams): Iterable<[string, string[]]> {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of query) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return grouped;
}

/** An API Gateway REST (v1) proxy event, as API Gateway would send it to the Lambda function. */
export function toProxyEvent(call: IncomingCall): APIGatewayProxyEvent {
  const [headers, multiValueHeaders] = singleAndMulti(Object.entries(call.headers));
  const [query, multiQuery] = singleAndMulti(groupedQuery(call.query));
  const hasQuery = Object.keys(query).length > 0;
  const now = new Date();
  return {
    resource: call.resource,
    path: call.path,
    httpMethod: call.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: call.pathParameters,
    stageVariables: null,
    body: call.body,
    isBase64Encoded: call.isBase64Encoded ?? false,
    requestContext: {
      accountId: call.accountId ?? "000000000000",
      apiId: call.apiId ?? "local",
      authorizer: null,
      protocol: "HTTP/1.1",
      httpMethod: call.method,
      path: `/${call.stage}${call.path}`,
      stage: call.stage,
      requestId: call.requestId,
      requestTimeEpoch: now.getTime(),
      resourceId: "local",
      resourcePath: call.resource,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: call.apiKey,
        apiKeyId: call.apiKeyId,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: call.sourceIp,
        user: null,
        userAgent: headers["user-agent"] ?? null,
        userArn: null,
      },
    },
  };
}
