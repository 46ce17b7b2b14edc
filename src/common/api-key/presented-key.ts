const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The API key a request presents: `x-api-key` (API Gateway's header), else the bearer token of
 * `Authorization`, which every OpenAI client sends. The local gateway and the deployed authorizer both
 * read it here, so a key accepted locally is the key API Gateway's usage plan sees.
 */
export function presentedApiKey(
  apiKeyHeader: string | undefined,
  authorizationHeader: string | undefined,
): string | undefined {
  if (apiKeyHeader) return apiKeyHeader;
  return BEARER.exec(authorizationHeader ?? "")?.[1];
}
