import { createHash, createHmac } from "node:crypto";
import type { AwsCredentials } from "./credentials.js";

/**
 * AWS Signature Version 4 for the few request shapes these functions send, on node:crypto. The SDK's
 * signer brings its core library into every cold start and costs several times as much per request
 * (docs/cold-start.md, "The SigV4 signer"); test/unit/aws/signer.property.test.ts holds this one to it.
 */

export interface SignableRequest {
  method: string;
  /** As sent: already URI-encoded per segment. */
  path: string;
  query?: Readonly<Record<string, string | readonly string[]>>;
  /** `host` among them: it is signed. */
  headers: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const PAYLOAD_HASH_HEADER = "x-amz-content-sha256";
const EMPTY_PAYLOAD_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** Headers the signature itself sets: a caller's own would contradict it. */
const GENERATED_HEADERS = new Set(["authorization", "x-amz-date", "date"]);

/** Headers a proxy or the HTTP stack may change on the way, so they are sent but not signed. */
const UNSIGNED_HEADERS = new Set([
  "authorization",
  "cache-control",
  "connection",
  "expect",
  "from",
  "keep-alive",
  "max-forwards",
  "pragma",
  "referer",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id",
]);

const signable = (name: string) =>
  !UNSIGNED_HEADERS.has(name) && !name.startsWith("proxy-") && !name.startsWith("sec-");

/** RFC 3986 encoding, as SigV4 canonicalises: everything but unreserved characters is escaped. */
export const uriEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const sha256Hex = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/**
 * The query string sorted by encoded name, a repeated name's pairs sorted among themselves; also a
 * valid query to send, so that what is sent is what was signed.
 */
export function canonicalQuery(query: Readonly<Record<string, string | readonly string[]>>): string {
  const parameters: [name: string, pairs: string][] = [];
  for (const [name, value] of Object.entries(query)) {
    if (name.toLowerCase() === "x-amz-signature") continue;
    const encoded = uriEncode(name);
    const pairs =
      typeof value === "string"
        ? `${encoded}=${uriEncode(value)}`
        : value
            .map((item) => `${encoded}=${uriEncode(item)}`)
            .sort()
            .join("&");
    if (pairs) parameters.push([encoded, pairs]);
  }
  parameters.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return parameters.map(([, pairs]) => pairs).join("&");
}

/** The path with `.`, `..` and empty segments resolved, each segment encoded again. */
function doubleEncodedPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(uriEncode(segment));
  }
  const leading = path.startsWith("/") ? "/" : "";
  const trailing = segments.length > 0 && path.endsWith("/") ? "/" : "";
  return `${leading}${segments.join("/")}${trailing}`;
}

/** Line breaks and runs of blanks become one space; one space is trimmed at each end. */
const canonicalValue = (value: string) => value.replace(/[\r\n \t]+/g, " ").replace(/^ | $/g, "");

/** One `name:value` line per signed header, sorted by name, and the list of those names. */
function canonicalHeaders(headers: Record<string, string>): { lines: string; signedHeaders: string } {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (signable(lower)) values.set(lower, canonicalValue(value));
  }
  const names = [...values.keys()].sort();
  return {
    lines: `${names.map((name) => `${name}:${values.get(name)}`).join("\n")}\n`,
    signedHeaders: names.join(";"),
  };
}

/** `20150830T123600Z` */
const longDateOf = (at: Date) => at.toISOString().replace(/[-:]|\.\d{3}/g, "");

export class SigV4Signer {
  readonly #service: string;
  readonly #region: string;
  readonly #credentials: AwsCredentials;
  readonly #s3: boolean;
  /** The signing key depends only on the day besides what this signer holds, so one is kept per day. */
  #keyDate = "";
  #key: Buffer = Buffer.alloc(0);

  constructor(service: string, region: string, credentials: AwsCredentials) {
    this.#service = service;
    this.#region = region;
    this.#credentials = credentials;
    this.#s3 = service === "s3";
  }

  /** The headers to send: the request's own, less those the signature sets, plus the signature's. */
  sign(request: SignableRequest, at: Date = new Date()): Record<string, string> {
    const longDate = longDateOf(at);
    const shortDate = longDate.slice(0, 8);
    const headers: Record<string, string> = {};
    let payloadHash: string | undefined;
    for (const [name, value] of Object.entries(request.headers)) {
      const lower = name.toLowerCase();
      if (GENERATED_HEADERS.has(lower)) continue;
      if (lower === PAYLOAD_HASH_HEADER) payloadHash ??= value;
      headers[name] = value;
    }
    headers["x-amz-date"] = longDate;
    const { accessKeyId, sessionToken } = this.#credentials;
    if (sessionToken) headers["x-amz-security-token"] = sessionToken;
    if (payloadHash === undefined) {
      payloadHash = request.body === undefined ? EMPTY_PAYLOAD_HASH : sha256Hex(request.body);
      // S3 refuses a request without it.
      if (this.#s3) headers[PAYLOAD_HASH_HEADER] = payloadHash;
    }

    const { lines, signedHeaders } = canonicalHeaders(headers);
    const canonicalRequest = [
      request.method,
      // S3 signs the path as sent; every other service, encoded once more.
      this.#s3 ? request.path : doubleEncodedPath(request.path),
      canonicalQuery(request.query ?? {}),
      lines,
      signedHeaders,
      payloadHash,
    ].join("\n");

    const scope = `${shortDate}/${this.#region}/${this.#service}/aws4_request`;
    const stringToSign = `${ALGORITHM}\n${longDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    const signature = createHmac("sha256", this.#signingKey(shortDate)).update(stringToSign).digest("hex");
    headers.authorization = `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }

  #signingKey(shortDate: string): Buffer {
    if (this.#keyDate !== shortDate) {
      const dateKey = hmac(`AWS4${this.#credentials.secretAccessKey}`, shortDate);
      this.#key = hmac(hmac(hmac(dateKey, this.#region), this.#service), "aws4_request");
      this.#keyDate = shortDate;
    }
    return this.#key;
  }
}

/** One signer per service, region and credentials, kept for as long as they are. */
export const createSigner = (service: string, region: string, credentials: AwsCredentials): SigV4Signer =>
  new SigV4Signer(service, region, credentials);
