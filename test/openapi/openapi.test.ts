import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCatalog } from "../../src/common/catalog/index.js";
import { openApiDocument } from "../../src/common/openapi/document.js";
import { apiRoutes } from "../../src/core/routes.js";
import { type RunningService, startTestService } from "../support/local-service.js";
import { emptyDir } from "../support/settings.js";

interface Document {
  openapi: string;
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

const document = openApiDocument(apiRoutes()) as unknown as Document;

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with one path per catalog app", () => {
    expect(document.openapi).toBe("3.1.0");
    for (const app of getCatalog().apps) {
      const body = document.paths[`/examples/${app.slug}`]?.post?.requestBody;
      expect(body?.content["application/json"]?.schema.$ref).toBe("#/components/schemas/AppRequest");
    }
    expect(document.paths["/passthrough"]?.post).toBeDefined();
    expect(document.paths["/info"]?.get).toBeDefined();
  });

  it("derives the request schemas from the zod schemas", () => {
    const chat = document.components.schemas.ChatRequest;
    expect(Object.keys(chat?.properties ?? {})).toEqual(
      expect.arrayContaining(["messages", "temperature", "max_tokens"]),
    );
    expect(document.components.schemas.AppRequest?.required).toEqual(["input_text"]);
  });

  it("describes the OpenAI door in OpenAI's own schemas, the key as x-api-key or a bearer token", () => {
    const chat = document.paths["/v1/chat/completions"]?.post as unknown as {
      requestBody: { content: Record<string, { schema: { $ref: string } }> };
      security: unknown;
      responses: Record<string, { content: Record<string, { schema?: { $ref: string } }> }>;
    };
    expect(chat.requestBody.content["application/json"]?.schema.$ref).toBe(
      "#/components/schemas/OpenAIChatRequest",
    );
    expect(chat.security).toEqual([{ apiKey: [] }, { bearer: [] }]);
    expect(chat.responses["404"]?.content["application/json"]?.schema?.$ref).toBe(
      "#/components/schemas/OpenAIError",
    );
    expect(document.paths["/v1/models"]?.get).toBeDefined();
    expect(document.components.schemas.OpenAIChatRequest?.required).toEqual(["model", "messages"]);
  });
});

describe("served and exported", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startTestService({ API_KEYS: "docs-are-public" });
  });
  afterAll(() => service.stop());

  it("GET /openapi.json answers the same document without an API key", async () => {
    const response = await fetch(`${service.url}/openapi.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it("npm run postman writes a collection with a request per operation", () => {
    const output = join(emptyDir(), "collection.json");
    execFileSync("npx", ["tsx", "scripts/postman.ts", output], { stdio: "pipe" });
    const collection = JSON.parse(readFileSync(output, "utf8")) as {
      item: { request: { url: { raw: string } } }[];
    };
    const operations = Object.values(document.paths).flatMap((p) => Object.keys(p)).length;
    expect(collection.item).toHaveLength(operations);
    expect(collection.item.map((i) => i.request.url.raw)).toEqual(
      expect.arrayContaining([
        "{{baseUrl}}/examples/default-grammar",
        "{{baseUrl}}/v1/chat/completions",
        "{{baseUrl}}/v1/models",
      ]),
    );
  });
});
