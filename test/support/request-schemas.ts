import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from "../../src/common/request/limits.js";
import { type RequestSchemas, requestSchemas } from "../../src/common/request/request-schemas.js";

/** The request schemas under the default limits, as a function with default settings has them. */
export const defaultSchemas: RequestSchemas = requestSchemas(DEFAULT_REQUEST_LIMITS);

/** The request schemas under the default limits with some changed, as settings would change them. */
export function schemasWith(changes: Partial<RequestLimits>): RequestSchemas {
  return requestSchemas({ ...DEFAULT_REQUEST_LIMITS, ...changes });
}
