import type { APIGatewayProxyEventHeaders } from "aws-lambda";

/** A header of a proxy event: API Gateway keeps the client's spelling, so names match in any case. */
export function headerValue(headers: APIGatewayProxyEventHeaders | null, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const key in headers)
    if (key.length === wanted.length && key.toLowerCase() === wanted) return headers[key];
  return undefined;
}
