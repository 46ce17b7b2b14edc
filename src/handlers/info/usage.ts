import { BadRequestError, ForbiddenError, NotFoundError } from "../../common/errors.js";
import { ownerOf } from "../../core/caller.js";
import { type JsonReply, jsonReply } from "../../core/reply.js";
import type { ResourceRequest } from "../../core/request.js";
import { ADMIN_KEY_HEADER } from "../../core/response-headers.js";
import type { CoreServices } from "../../services/core.js";

/** Only with the admin key: it is a second secret, checked here, beside the API key the gateway checked. */
function assertAdmin(request: ResourceRequest, services: CoreServices): void {
  const adminKey = services.settings.ADMIN_API_KEY;
  if (!adminKey) throw new ForbiddenError("The admin view of usage is not enabled (ADMIN_API_KEY).");
  const presented = request.headers[ADMIN_KEY_HEADER.toLowerCase()];
  if (presented === undefined || !adminKey.equals(presented))
    throw new ForbiddenError(`The admin view of usage needs the admin key in ${ADMIN_KEY_HEADER}.`);
}

/**
 * `GET /usage`: the caller's own tokens today and this month, per app and model, and the budget
 * left; `?scope=all` with the admin key, every owner's totals. No key ever sees another's usage.
 */
export async function answerUsage(request: ResourceRequest, services: CoreServices): Promise<JsonReply> {
  const meter = services.usage;
  if (!meter) throw new NotFoundError("Usage metering is off (USAGE_METERING).");
  const scope = request.query["scope"] ?? "own";
  if (scope === "all") {
    assertAdmin(request, services);
    return jsonReply(200, { owners: await meter.owners() });
  }
  if (scope !== "own") throw new BadRequestError("scope: expected 'own' or 'all'");
  const owner = ownerOf(request.caller);
  return jsonReply(200, { owner, ...(await meter.report(owner)) });
}
