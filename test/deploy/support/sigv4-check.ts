import { createHash, createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/**
 * Recomputes an AWS Signature Version 4 the way AWS does on receipt, written from the published
 * algorithm independently of the signer under test, so a wrongly signed request fails here, not in AWS.
 */

const sha256Hex = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

export interface SignedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export function sigv4Valid(request: SignedRequest, secretAccessKey: string): boolean {
  const authorization = String(request.headers.authorization ?? "");
  const match =
    /^AWS4-HMAC-SHA256 Credential=[^/]+\/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) return false;
  const [, scope = "", signedHeaders = "", signature = ""] = match;
  const [date = "", region = "", service = ""] = scope.split("/");
  const amzDate = String(request.headers["x-amz-date"] ?? "");
  const [path, query = ""] = request.path.split("?");
  const canonicalHeaders = signedHeaders
    .split(";")
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const canonicalRequest = [
    request.method,
    path,
    query,
    canonicalHeaders,
    signedHeaders,
    String(request.headers["x-amz-content-sha256"] ?? sha256Hex(request.body)),
  ].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), "aws4_request");
  return createHmac("sha256", signingKey).update(stringToSign).digest("hex") === signature;
}
