import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { openApiDocument } from "../src/common/openapi/document.js";
import { apiRoutes } from "../src/core/routes.js";

/**
 * Writes a Postman collection (v2.1) generated from the OpenAPI document, so both always describe the
 * same routes. `{{baseUrl}}` and `{{apiKey}}` are collection variables.
 */
type Operation = {
  summary: string;
  description: string;
  requestBody?: { content: Record<string, { example?: unknown }> };
};

const output = process.argv[2] ?? "dist/postman/aws-openai.postman_collection.json";
const document = openApiDocument(apiRoutes()) as { paths: Record<string, Record<string, Operation>> };

const item = Object.entries(document.paths).flatMap(([path, operations]) =>
  Object.entries(operations).map(([method, operation]) => {
    const example = operation.requestBody?.content["application/json"]?.example;
    const segments = path
      .split("/")
      .filter(Boolean)
      .map((s) => s.replace(/^\{(\w+)\}$/, ":$1"));
    return {
      name: operation.summary,
      request: {
        method: method.toUpperCase(),
        description: operation.description,
        header: [
          { key: "x-api-key", value: "{{apiKey}}", type: "text" },
          ...(example ? [{ key: "Content-Type", value: "application/json", type: "text" }] : []),
        ],
        url: { raw: `{{baseUrl}}/${segments.join("/")}`, host: ["{{baseUrl}}"], path: segments },
        ...(example ? { body: { mode: "raw", raw: JSON.stringify(example, null, 2) } } : {}),
      },
    };
  }),
);

const collection = {
  info: {
    name: "aws-openai",
    description: "Generated from the service's OpenAPI document by `npm run postman`.",
    schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
  },
  variable: [
    { key: "baseUrl", value: "http://127.0.0.1:3000" },
    { key: "apiKey", value: "" },
  ],
  item,
};

mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, `${JSON.stringify(collection, null, 2)}\n`);
process.stdout.write(`Wrote ${item.length} requests to ${output}\n`);
