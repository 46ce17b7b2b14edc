import type { AwsCredentials } from "./credentials.js";
import { awsEndpoint, endpointOverride } from "./endpoint.js";
import { s3ErrorFrom } from "./s3-error.js";
import { ListObjectsAnswerError, type ListObjectsPage, parseListObjectsV2 } from "./s3-list-objects.js";
import { type AwsRequest, type AwsResponse, type RetryOptions, signedRequest } from "./signed-request.js";
import { createSigner, type SigV4Signer, uriEncode } from "./signer.js";
import { XmlSyntaxError } from "./xml-elements.js";

export interface S3ClientOptions {
  region: string;
  credentials: AwsCredentials;
  /** An S3-compatible endpoint (a local S3), addressed path-style; else the environment's override, else AWS. */
  endpoint?: string | undefined;
  env?: Record<string, string | undefined>;
  retry?: RetryOptions;
}

export interface S3Object {
  text: string;
  etag: string | undefined;
}

/** Names that work as a host name label; others (dots break the TLS certificate's wildcard) go path-style. */
const VIRTUAL_HOSTABLE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** The two S3 calls the plugin loader makes, signed and sent without the AWS SDK (see signed-request.ts). */
export class S3ReadClient {
  readonly #signer: SigV4Signer;
  readonly #region: string;
  readonly #endpoint: URL | undefined;
  readonly #retry: RetryOptions;

  constructor({ region, credentials, endpoint, env = {}, retry = {} }: S3ClientOptions) {
    this.#signer = createSigner("s3", region, credentials);
    this.#region = region;
    // A local S3 has no wildcard DNS for bucket subdomains, so any override is addressed path-style.
    this.#endpoint = endpoint ? new URL(endpoint) : endpointOverride("S3", env);
    this.#retry = retry;
  }

  #request(
    method: AwsRequest["method"],
    bucket: string,
    key: string,
    query?: Record<string, string>,
  ): AwsRequest {
    const encodedKey = key.split("/").map(uriEncode).join("/");
    const hosted = !this.#endpoint && VIRTUAL_HOSTABLE.test(bucket);
    const endpoint = hosted
      ? awsEndpoint(`${bucket}.s3`, this.#region)
      : (this.#endpoint ?? awsEndpoint("s3", this.#region));
    const path = hosted ? `/${encodedKey}` : `/${uriEncode(bucket)}${key ? `/${encodedKey}` : ""}`;
    return { method, endpoint, path, ...(query ? { query } : {}) };
  }

  /** One page of ListObjectsV2 under a prefix (up to 1000 keys). */
  listObjectsPage(bucket: string, prefix: string, continuationToken?: string): Promise<ListObjectsPage> {
    const query: Record<string, string> = { "list-type": "2", prefix };
    if (continuationToken) query["continuation-token"] = continuationToken;
    return signedRequest(this.#signer, this.#request("GET", bucket, "", query), readListing, this.#retry);
  }

  /** An object's body as UTF-8 text, and its ETag. */
  getObjectText(bucket: string, key: string): Promise<S3Object> {
    return signedRequest(this.#signer, this.#request("GET", bucket, key), readObject, this.#retry);
  }
}

function readListing(response: AwsResponse): ListObjectsPage {
  if (response.status !== 200) throw s3ErrorFrom(response);
  try {
    return parseListObjectsV2(response.text);
  } catch (error) {
    if (!(error instanceof XmlSyntaxError || error instanceof ListObjectsAnswerError)) throw error;
    throw new Error(`HTTP 200 with a body that is not a ListObjectsV2 answer: ${error.message}`, {
      cause: error,
    });
  }
}

function readObject(response: AwsResponse): S3Object {
  if (response.status !== 200) throw s3ErrorFrom(response);
  const etag = response.headers.etag;
  return { text: response.text, etag: typeof etag === "string" ? etag : undefined };
}
