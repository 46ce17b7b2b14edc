import { describe, expect, it } from "vitest";
import {
  ANY_PATH,
  awsOpenApiDocument,
  awsOpenApiTemplate,
  awsOpenApiTemplates,
  BEARER_KEY_AUTHORIZER,
  OPENAPI_BEARER_KEYS_TEMPLATE_FILE,
  OPENAPI_TEMPLATE_FILE,
  TEMPLATE_VARIABLES,
} from "../../scripts/openapi-aws.js";
import { getCatalog } from "../../src/common/catalog/index.js";
import { openApiDocument } from "../../src/common/openapi/document.js";
import { preflightHeaders } from "../../src/core/response-headers.js";
import { apiRoutes, OPENAI_CHAT_RESOURCE } from "../../src/core/routes.js";

type Operation = Record<string, unknown> & { "x-amazon-apigateway-integration"?: Record<string, unknown> };
type Paths = Record<string, Record<string, Operation>>;

const AUTHORIZER_ARN = "arn:aws:lambda:eu-west-3:123456789012:function:aws-openai-api_key_authorizer";

/** What templatefile() makes of the template, for the placeholders the template uses and nothing else. */
function render(template: string): Record<string, unknown> {
  const values: Record<string, string> = {
    [TEMPLATE_VARIABLES.region]: "eu-west-3",
    [TEMPLATE_VARIABLES.streamTimeoutMs]: "300000",
    [TEMPLATE_VARIABLES.bufferedTimeoutMs]: "29000",
    [TEMPLATE_VARIABLES.corsAllowOrigin]: "https://chat.example.com",
    [TEMPLATE_VARIABLES.quotaRetryAfterSeconds]: "86400",
    [TEMPLATE_VARIABLES.authorizerArn]: AUTHORIZER_ARN,
  };
  const filled = template.replace(/(\$?)\$\{([\w.]+)\}/g, (whole, escaped: string, name: string) => {
    if (escaped) return whole.slice(1);
    const [variable, key] = name.split(".");
    if (variable === TEMPLATE_VARIABLES.functionArns && key)
      return `arn:aws:lambda:eu-west-3:123456789012:function:aws-openai-${key}`;
    const value = values[name];
    if (value === undefined) throw new Error(`the template uses an unknown variable ${name}`);
    return value;
  });
  return JSON.parse(filled.replaceAll("%%{", "%{")) as Record<string, unknown>;
}

const pathsOf = (document: Record<string, unknown>) => document.paths as Paths;

describe("the REST API's OpenAPI document", () => {
  it("has exactly the paths and methods of /openapi.json, each path with a preflight", () => {
    const served = pathsOf(openApiDocument(apiRoutes()));
    const { [ANY_PATH]: anyPath, ...deployed } = pathsOf(awsOpenApiDocument());
    expect(Object.keys(deployed).sort()).toEqual(Object.keys(served).sort());
    expect(Object.keys(anyPath ?? {})).toEqual(["options"]);
    for (const [path, operations] of Object.entries(served))
      expect(Object.keys(deployed[path] ?? {}).sort()).toEqual(
        [...Object.keys(operations), "options"].sort(),
      );
  });

  it("drops a removed app's route, so the next deployment no longer has it", () => {
    const [removed, ...kept] = getCatalog().apps;
    if (!removed) throw new Error("the catalog is empty");
    const paths = pathsOf(awsOpenApiDocument(apiRoutes(kept)));
    expect(paths[`/examples/${removed.slug}`]).toBeUndefined();
    expect(Object.keys(paths)).toHaveLength(Object.keys(pathsOf(awsOpenApiDocument())).length - 1);
  });

  it("answers the preflight of any path, and an unknown path with a 404 in the handlers' shape", () => {
    const document = render(awsOpenApiTemplate());
    expect(pathsOf(document)[ANY_PATH]?.options?.["x-amazon-apigateway-integration"]).toMatchObject({
      type: "MOCK",
      responses: {
        default: {
          statusCode: "204",
          responseParameters: {
            "method.response.header.Access-Control-Allow-Methods": "'DELETE,GET,OPTIONS,POST'",
          },
        },
      },
    });
    const responses = document["x-amazon-apigateway-gateway-responses"] as Record<
      string,
      Record<string, unknown>
    >;
    expect(responses.MISSING_AUTHENTICATION_TOKEN).toMatchObject({ statusCode: "404" });
  });

  it("streams every route of the chat functions and buffers /info", () => {
    const paths = pathsOf(render(awsOpenApiTemplate()));
    for (const route of apiRoutes()) {
      const integration =
        paths[route.resource]?.[route.method.toLowerCase()]?.["x-amazon-apigateway-integration"];
      const arn = `arn:aws:lambda:eu-west-3:123456789012:function:aws-openai-${route.handler}`;
      if (route.kind === "info") {
        expect(integration).toEqual({
          type: "AWS_PROXY",
          httpMethod: "POST",
          uri: `arn:aws:apigateway:eu-west-3:lambda:path/2015-03-31/functions/${arn}/invocations`,
          timeoutInMillis: 29000,
        });
        continue;
      }
      expect(integration, route.resource).toEqual({
        type: "AWS_PROXY",
        httpMethod: "POST",
        uri: `arn:aws:apigateway:eu-west-3:lambda:path/2021-11-15/functions/${arn}/response-streaming-invocations`,
        responseTransferMode: "STREAM",
        timeoutInMillis: route.kind === "chat" || route.resource === OPENAI_CHAT_RESOURCE ? 300000 : 29000,
      });
    }
  });

  it("asks for the API key in the x-api-key header on every route, never on a preflight", () => {
    const document = render(awsOpenApiTemplate());
    expect(document["x-amazon-apigateway-api-key-source"]).toBe("HEADER");
    expect(document.components).toEqual({
      securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "x-api-key" } },
    });
    for (const operations of Object.values(pathsOf(document)))
      for (const [method, operation] of Object.entries(operations))
        expect(operation.security).toEqual(method === "options" ? [] : [{ apiKey: [] }]);
  });

  it("sends the conversation list to langchain's streaming function, with the buffered timeout", () => {
    const list = pathsOf(render(awsOpenApiTemplate()))["/conversations"];
    expect(Object.keys(list ?? {}).sort()).toEqual(["get", "options"]);
    expect(list?.get?.["x-amazon-apigateway-integration"]).toMatchObject({ responseTransferMode: "STREAM" });
  });

  it("answers preflights with the configured origin and the path's methods", () => {
    const preflight = pathsOf(render(awsOpenApiTemplate()))["/conversations/{id}"]?.options;
    expect(preflight?.["x-amazon-apigateway-integration"]).toMatchObject({
      type: "MOCK",
      responses: {
        default: {
          statusCode: "204",
          responseParameters: {
            "method.response.header.Access-Control-Allow-Origin": "'https://chat.example.com'",
            "method.response.header.Access-Control-Allow-Methods": "'DELETE,GET,OPTIONS'",
          },
        },
      },
    });
  });

  it("allows the headers the local server's preflight allows, on every preflight and gateway response", () => {
    const local = preflightHeaders("*");
    const allowHeaders = `'${local["Access-Control-Allow-Headers"]}'`;
    expect(allowHeaders.toLowerCase()).toContain("x-admin-key");
    const document = render(awsOpenApiTemplate());
    for (const [path, methods] of Object.entries(pathsOf(document))) {
      const preflight = methods.options?.["x-amazon-apigateway-integration"] as
        | { responses: { default: { responseParameters: Record<string, string> } } }
        | undefined;
      const parameters = preflight?.responses.default.responseParameters;
      expect(parameters?.["method.response.header.Access-Control-Allow-Headers"], path).toBe(allowHeaders);
      expect(parameters?.["method.response.header.Access-Control-Max-Age"], path).toBe(
        `'${local["Access-Control-Max-Age"]}'`,
      );
    }
    const responses = document["x-amazon-apigateway-gateway-responses"] as Record<
      string,
      { responseParameters: Record<string, string> }
    >;
    for (const [name, response] of Object.entries(responses)) {
      expect(response.responseParameters["gatewayresponse.header.Access-Control-Allow-Headers"], name).toBe(
        allowHeaders,
      );
      expect(response.responseParameters["gatewayresponse.header.Access-Control-Expose-Headers"], name).toBe(
        `'${local["Access-Control-Expose-Headers"]}'`,
      );
    }
  });

  it("gives API Gateway's own errors the handlers' error shape", () => {
    const responses = render(awsOpenApiTemplate())["x-amazon-apigateway-gateway-responses"] as Record<
      string,
      { responseTemplates: Record<string, string>; responseParameters: Record<string, string> }
    >;
    expect(Object.keys(responses).sort()).toEqual([
      "DEFAULT_4XX",
      "DEFAULT_5XX",
      "MISSING_AUTHENTICATION_TOKEN",
      "QUOTA_EXCEEDED",
      "THROTTLED",
    ]);
    for (const response of Object.values(responses)) {
      const body = response.responseTemplates["application/json"] ?? "";
      // What API Gateway substitutes: a quoted type and id, and a message that is already a JSON string.
      const sample = body
        .replaceAll("$context.error.responseType", "THROTTLED")
        .replace("$context.error.messageString", '"Too Many Requests"')
        .replace("$context.requestId", "req-1");
      expect(JSON.parse(sample)).toEqual({
        error: {
          type: "THROTTLED",
          message: "Too Many Requests",
          param: null,
          code: "THROTTLED",
          request_id: "req-1",
        },
      });
      expect(response.responseParameters["gatewayresponse.header.Access-Control-Allow-Origin"]).toBe(
        "'https://chat.example.com'",
      );
    }
    expect(responses.QUOTA_EXCEEDED?.responseParameters["gatewayresponse.header.Retry-After"]).toBe(
      "'86400'",
    );
  });

  it("is OpenAPI 3.0 without JSON schemas, which API Gateway would import as models", () => {
    const text = awsOpenApiTemplate();
    const document = render(text);
    expect(document.openapi).toBe("3.0.1");
    expect(text).not.toContain("#/components/schemas");
  });
});

describe("the REST API with bearer keys (bearer_api_keys)", () => {
  const withBearerKeys = () => render(awsOpenApiTemplate(apiRoutes(), { bearerKeys: true }));
  const keyedOperations = (document: Record<string, unknown>) =>
    Object.values(pathsOf(document)).flatMap((operations) =>
      Object.entries(operations)
        .filter(([method]) => method !== "options")
        .map(([, operation]) => operation),
    );

  it("takes the usage plan's key from the authorizer, which every keyed method runs", () => {
    const document = withBearerKeys();
    expect(document["x-amazon-apigateway-api-key-source"]).toBe("AUTHORIZER");
    const operations = keyedOperations(document);
    expect(operations).toHaveLength(apiRoutes().length);
    for (const operation of operations)
      expect(operation.security).toEqual([{ apiKey: [], [BEARER_KEY_AUTHORIZER]: [] }]);
    for (const path of Object.values(pathsOf(document)))
      if (path.options) expect(path.options.security).toEqual([]);
  });

  it("declares a REQUEST authorizer on the Terraform-given function, its results never cached", () => {
    const schemes = (document: Record<string, unknown>) =>
      (document.components as { securitySchemes: Record<string, Record<string, unknown>> }).securitySchemes;
    expect(schemes(withBearerKeys())[BEARER_KEY_AUTHORIZER]).toEqual({
      type: "apiKey",
      name: "Authorization",
      in: "header",
      "x-amazon-apigateway-authtype": "custom",
      "x-amazon-apigateway-authorizer": {
        type: "request",
        authorizerUri: `arn:aws:apigateway:eu-west-3:lambda:path/2015-03-31/functions/${AUTHORIZER_ARN}/invocations`,
        authorizerResultTtlInSeconds: 0,
      },
    });
    expect(Object.keys(schemes(render(awsOpenApiTemplate())))).toEqual(["apiKey"]);
  });

  it("differs from the default document in those three places only", () => {
    const document = withBearerKeys();
    const { components, ...rest } = document;
    const paths = Object.fromEntries(
      Object.entries(pathsOf(document)).map(([path, operations]) => [
        path,
        Object.fromEntries(
          Object.entries(operations).map(([method, operation]) => [
            method,
            method === "options" ? operation : { ...operation, security: [{ apiKey: [] }] },
          ]),
        ),
      ]),
    );
    const schemes = (components as { securitySchemes: Record<string, unknown> }).securitySchemes;
    expect({
      ...rest,
      paths,
      components: { securitySchemes: { apiKey: schemes.apiKey } },
      "x-amazon-apigateway-api-key-source": "HEADER",
    }).toEqual(render(awsOpenApiTemplate()));
  });

  it("leaves the default template without the authorizer's variable, so it renders as before", () => {
    const templates = awsOpenApiTemplates();
    expect(Object.keys(templates).sort()).toEqual([OPENAPI_BEARER_KEYS_TEMPLATE_FILE, OPENAPI_TEMPLATE_FILE]);
    expect(templates[OPENAPI_TEMPLATE_FILE]).toBe(`${awsOpenApiTemplate()}\n`);
    expect(templates[OPENAPI_TEMPLATE_FILE]).not.toContain(TEMPLATE_VARIABLES.authorizerArn);
    expect(templates[OPENAPI_BEARER_KEYS_TEMPLATE_FILE]).toContain(`\${${TEMPLATE_VARIABLES.authorizerArn}}`);
  });
});
