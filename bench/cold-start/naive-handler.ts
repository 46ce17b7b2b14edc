import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import OpenAI from "openai";

/**
 * The chat handler a user would write by hand with the official SDK and nothing else: no settings,
 * validation, logging, error mapping or keep-alive tuning. What the packaged functions are measured
 * against.
 */

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: process.env.OPENAI_BASE_URL });

interface Body {
  input_text: string;
}

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const body = JSON.parse(event.body ?? "{}") as Body;
  const completion = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: body.input_text }],
    temperature: 0.5,
    max_tokens: 256,
  });
  return {
    statusCode: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(completion),
  };
};
