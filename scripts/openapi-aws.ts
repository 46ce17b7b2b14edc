import { openApiDocument } from "../src/common/openapi/document.js";
import { CORS } from "../src/core/response-headers.js";
import { apiRoutes, OPENAI_CHAT_RESOURCE, type Route } from "../src/core/routes.js";

/**
 * The REST API's definition for API Gateway: the document `/openapi.json` serves, for the same routes,
 * plus the `x-amazon-apigateway-*` extensions. Terraform hands it to `aws_api_gateway_rest_api.body`,
 * so every route, preflight and gateway response goes live in one atomic deployment, and a route
 * that leaves the document leaves the next deployment.
 *
 * What only Terraform knows (function ARNs, timeouts, the CORS origin) are template placeholders,
 * `${...}`, filled in by templatefile().
 */

type JsonObject = Record<string, unknown>;

/** Its name in the package folder, where terraform/api.tf reads it. */
export const OPENAPI_TEMPLATE_FILE = "openapi-aws.json.tftpl";
/** The same API with the bearer-key authorizer on every keyed method, read when `bearer_api_keys` is on. */
export const OPENAPI_BEARER_KEYS_TEMPLATE_FILE = "openapi-aws-bearer-keys.json.tftpl";

export interface AwsDocumentOptions {
  /** Keys reach the usage plan through the api_key_authorizer function: `x-api-key` or a bearer token. */
  bearerKeys: boolean;
}

/** The template variables Terraform passes to templatefile(); the names are the contract with api.tf. */
export const TEMPLATE_VARIABLES = {
  region: "region",
  functionArns: "function_arns",
  streamTimeoutMs: "stream_timeout_ms",
  bufferedTimeoutMs: "buffered_timeout_ms",
  corsAllowOrigin: "cors_allow_origin",
  quotaRetryAfterSeconds: "quota_retry_after_seconds",
  authorizerArn: "authorizer_arn",
} as const;

const placeholder = (name: string) => `\${${name}}`;

/** A numeric placeholder is written quoted, so the document stays JSON until it is rendered unquoted. */
const NUMBER_MARK = "__number__:";
const numberPlaceholder = (name: string) => `${NUMBER_MARK}${placeholder(name)}`;

/**
 * A route's integration. Streamed: every route of a response-streaming function (the chat handlers),
 * through InvokeWithResponseStream; the function writes the HTTP integration prelude, then JSON or
 * server-sent events. The conversation routes and `/v1/models` answer JSON, quickly: they keep the
 * buffered timeout.
 * Buffered: `/info`, whose function returns a proxy result.
 */
function integration(route: Route): JsonObject {
  const arn = placeholder(`${TEMPLATE_VARIABLES.functionArns}.${route.handler}`);
  const region = placeholder(TEMPLATE_VARIABLES.region);
  const common = { type: "AWS_PROXY", httpMethod: "POST" };
  if (route.kind === "info")
    return {
      ...common,
      uri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
      timeoutInMillis: numberPlaceholder(TEMPLATE_VARIABLES.bufferedTimeoutMs),
    };
  return {
    ...common,
    uri: `arn:aws:apigateway:${region}:lambda:path/2021-11-15/functions/${arn}/response-streaming-invocations`,
    responseTransferMode: "STREAM",
    timeoutInMillis: numberPlaceholder(
      route.kind === "chat" || route.resource === OPENAI_CHAT_RESOURCE
        ? TEMPLATE_VARIABLES.streamTimeoutMs
        : TEMPLATE_VARIABLES.bufferedTimeoutMs,
    ),
  };
}

/** API Gateway's greedy path: matches what no more specific resource does. */
export const ANY_PATH = "/{proxy+}";

const corsOrigin = () => `'${placeholder(TEMPLATE_VARIABLES.corsAllowOrigin)}'`;

/** Browsers send the preflight without the API key: API Gateway answers it itself (a mock integration). */
function preflight(methods: string[]): JsonObject {
  const allowed = [...methods, "OPTIONS"].sort().join(",");
  const headers = {
    "Access-Control-Allow-Origin": corsOrigin(),
    "Access-Control-Allow-Methods": `'${allowed}'`,
    "Access-Control-Allow-Headers": `'${CORS.allowHeaders}'`,
    "Access-Control-Max-Age": `'${CORS.maxAgeSeconds}'`,
  };
  return {
    summary: "CORS preflight",
    security: [],
    responses: {
      "204": {
        description: "The methods and headers a browser may use",
        headers: Object.fromEntries(
          Object.keys(headers).map((name) => [name, { schema: { type: "string" } }]),
        ),
      },
    },
    "x-amazon-apigateway-integration": {
      type: "MOCK",
      requestTemplates: { "application/json": '{"statusCode": 204}' },
      passthroughBehavior: "WHEN_NO_MATCH",
      responses: {
        default: {
          statusCode: "204",
          responseParameters: Object.fromEntries(
            Object.entries(headers).map(([name, value]) => [`method.response.header.${name}`, value]),
          ),
        },
      },
    },
  };
}

/**
 * Errors API Gateway raises itself (missing key, throttled, quota spent, integration timeout) in the
 * handlers' error shape, with CORS headers, or a browser hides them behind a CORS failure. `param` and
 * `code` make the body OpenAI's shape too: gateway responses are the same on every path, /v1 included.
 */
function gatewayResponses(): JsonObject {
  const template = {
    "application/json":
      '{"error":{"type":"$context.error.responseType","message":$context.error.messageString,"param":null,"code":"$context.error.responseType","request_id":"$context.requestId"}}',
  };
  const cors = {
    "gatewayresponse.header.Access-Control-Allow-Origin": corsOrigin(),
    "gatewayresponse.header.Access-Control-Allow-Headers": `'${CORS.allowHeaders}'`,
    "gatewayresponse.header.Access-Control-Expose-Headers": `'${CORS.exposeHeaders}'`,
  };
  const response = (extra: Record<string, string> = {}) => ({
    responseParameters: { ...cors, ...extra },
    responseTemplates: template,
  });
  return {
    DEFAULT_4XX: response(),
    DEFAULT_5XX: response(),
    THROTTLED: response({ "gatewayresponse.header.Retry-After": "'1'" }),
    // API Gateway's answer to a path or method it has no route for: a 404, as the local server says.
    MISSING_AUTHENTICATION_TOKEN: { ...response(), statusCode: "404" },
    // The longest wait: the quota period itself.
    QUOTA_EXCEEDED: response({
      "gatewayresponse.header.Retry-After": `'${placeholder(TEMPLATE_VARIABLES.quotaRetryAfterSeconds)}'`,
    }),
  };
}

/** Content of a request or response without its schema (see awsOpenApiDocument). */
function withoutSchemas(content: unknown): unknown {
  if (typeof content !== "object" || content === null) return content;
  return Object.fromEntries(Object.keys(content).map((mediaType) => [mediaType, {}]));
}

/** The security scheme of the bearer-key authorizer (src/handlers/api_key_authorizer). */
export const BEARER_KEY_AUTHORIZER = "bearerKeyAuthorizer";

/**
 * A REQUEST authorizer, so that it sees both key headers. No identitySource: with the result cache
 * off it is optional, and when present API Gateway refuses (401) a request missing any header it
 * names, while a client sends one of the two. The cache stays off (TTL 0) for that reason: a cached
 * REQUEST authorizer must name every identity source. The price is one authorizer call per request.
 */
function bearerKeyAuthorizer(): JsonObject {
  const region = placeholder(TEMPLATE_VARIABLES.region);
  const arn = placeholder(TEMPLATE_VARIABLES.authorizerArn);
  return {
    type: "apiKey",
    name: "Authorization",
    in: "header",
    "x-amazon-apigateway-authtype": "custom",
    "x-amazon-apigateway-authorizer": {
      type: "request",
      authorizerUri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
      authorizerResultTtlInSeconds: 0,
    },
  };
}

function awsOperation(operation: JsonObject, route: Route, options: AwsDocumentOptions): JsonObject {
  const responses = Object.fromEntries(
    Object.entries(operation.responses as Record<string, JsonObject>).map(([status, response]) => [
      status,
      { ...response, ...(response.content ? { content: withoutSchemas(response.content) } : {}) },
    ]),
  );
  const requestBody = operation.requestBody as JsonObject | undefined;
  return {
    ...operation,
    ...(requestBody ? { requestBody: { ...requestBody, content: withoutSchemas(requestBody.content) } } : {}),
    // Without the authorizer API Gateway reads the key from x-api-key only (docs/openai-api.md).
    security: [options.bearerKeys ? { apiKey: [], [BEARER_KEY_AUTHORIZER]: [] } : { apiKey: [] }],
    responses,
    "x-amazon-apigateway-integration": integration(route),
  };
}

/**
 * The document for API Gateway. Two departures from `/openapi.json`, both because of what API
 * Gateway imports: OpenAPI 3.0.1 (it imports 2.0 and 3.0, not 3.1), and no JSON schemas (it would
 * turn them into draft-4 models that validate nothing here; the functions validate every body).
 */
export function awsOpenApiDocument(
  routes: readonly Route[] = apiRoutes(),
  options: AwsDocumentOptions = { bearerKeys: false },
): JsonObject {
  const document = openApiDocument(routes);
  const paths = document.paths as Record<string, Record<string, JsonObject>>;
  const awsPaths: Record<string, JsonObject> = {};
  for (const [path, operations] of Object.entries(paths)) {
    const byMethod: JsonObject = {};
    for (const [method, operation] of Object.entries(operations)) {
      const route = routes.find((r) => r.resource === path && r.method.toLowerCase() === method);
      if (!route) throw new Error(`${method.toUpperCase()} ${path} is in the document but not a route`);
      byMethod[method] = awsOperation(operation, route, options);
    }
    byMethod.options = preflight(Object.keys(operations).map((method) => method.toUpperCase()));
    awsPaths[path] = byMethod;
  }
  // A preflight of a path no route has (a client's misspelt slug) still passes, so the browser shows the
  // real 404 of the request that follows instead of a CORS failure.
  awsPaths[ANY_PATH] = { options: preflight(["DELETE", "GET", "POST"]) };
  const components = document.components as JsonObject;
  const apiKey = (components.securitySchemes as JsonObject).apiKey;
  return {
    ...document,
    openapi: "3.0.1",
    paths: awsPaths,
    components: {
      securitySchemes: options.bearerKeys
        ? { apiKey, [BEARER_KEY_AUTHORIZER]: bearerKeyAuthorizer() }
        : { apiKey },
    },
    "x-amazon-apigateway-api-key-source": options.bearerKeys ? "AUTHORIZER" : "HEADER",
    "x-amazon-apigateway-gateway-responses": gatewayResponses(),
  };
}

/**
 * The document as a Terraform template: literal `${` and `%{` escaped, numeric placeholders unquoted.
 * Rendered, it is JSON again.
 */
export function awsOpenApiTemplate(
  routes: readonly Route[] = apiRoutes(),
  options: AwsDocumentOptions = { bearerKeys: false },
): string {
  const json = JSON.stringify(awsOpenApiDocument(routes, options), null, 2)
    .replaceAll("${", "$${")
    .replaceAll("%{", "%%{");
  // Escaping doubled the placeholders' own `${`; undo that for them only.
  const names = Object.values(TEMPLATE_VARIABLES).join("|");
  return json
    .replace(new RegExp(`\\$\\$\\{((?:${names})(?:\\.\\w+)?)\\}`, "g"), (_, name: string) =>
      placeholder(name),
    )
    .replace(new RegExp(`"${NUMBER_MARK}(\\$\\{[^}]+\\})"`, "g"), "$1");
}

/** Both templates by file name; Terraform picks one by `bearer_api_keys` (terraform/api.tf). */
export function awsOpenApiTemplates(routes: readonly Route[] = apiRoutes()): Record<string, string> {
  return {
    [OPENAPI_TEMPLATE_FILE]: `${awsOpenApiTemplate(routes)}\n`,
    [OPENAPI_BEARER_KEYS_TEMPLATE_FILE]: `${awsOpenApiTemplate(routes, { bearerKeys: true })}\n`,
  };
}
