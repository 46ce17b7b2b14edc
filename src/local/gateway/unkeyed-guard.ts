import type { IncomingMessage } from "node:http";
import { ForbiddenError, UnsupportedMediaTypeError } from "../../common/errors.js";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]", "::1"];

/** The host names an unkeyed local server answers: loopback, `HOST` and `PUBLIC_HOSTS`. */
export function allowedHosts(host: string, publicHosts: string): Set<string> {
  const configured = publicHosts.split(",").map((name) => name.trim().toLowerCase());
  return new Set([...LOOPBACK_NAMES, host.toLowerCase(), ...configured].filter((name) => name !== ""));
}

function hostName(header: string): string {
  const withoutPort = header.startsWith("[")
    ? header.slice(0, header.indexOf("]") + 1)
    : header.split(":")[0];
  return (withoutPort ?? "").toLowerCase();
}

/**
 * Without API keys any web page could drive the server: a foreign Host header means DNS rebinding,
 * and a body that is not declared JSON is a cross-site "simple" request that skipped the preflight.
 */
export function checkUnkeyedRequest(request: IncomingMessage, hosts: Set<string>): void {
  const host = request.headers.host ?? "";
  if (!hosts.has(hostName(host)))
    throw new ForbiddenError(
      `Host ${host || "(none)"} is not served without API_KEYS; add it to PUBLIC_HOSTS.`,
    );
  const hasBody =
    request.headers["content-length"] !== undefined || request.headers["transfer-encoding"] !== undefined;
  const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (hasBody && request.headers["content-length"] !== "0" && !/^application\/(.+\+)?json$/.test(contentType))
    throw new UnsupportedMediaTypeError("The request body must be sent as Content-Type: application/json.");
}
