import { ForbiddenError, UnauthorizedError } from "../common/errors.js";
import type { Secret } from "../common/secret.js";

/**
 * The local stand-in for API Gateway's API key check: with keys configured, the key presented
 * (`x-api-key`, or `Authorization: Bearer`) must equal one of them. Every key is compared in constant time, and all of them are always compared, so timing
 * reveals nothing.
 */
export function checkApiKey(configured: readonly Secret[], presented: string | undefined): void {
  if (configured.length === 0) return;
  if (presented === undefined || presented === "")
    throw new UnauthorizedError(
      "This API needs an API key: send it in the x-api-key header (or as Authorization: Bearer).",
    );
  let valid = false;
  for (const key of configured) valid = key.equals(presented) || valid;
  if (!valid) throw new ForbiddenError("The API key presented is not valid.");
}
