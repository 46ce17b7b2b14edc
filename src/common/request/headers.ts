import type { APIGatewayProxyEventHeaders } from "aws-lambda";

/** A header of a proxy event: API Gateway keeps the client's spelling, function URLs lower-case it. */
export function headerValue(headers: APIGatewayProxyEventHeaders | null, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}
