import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentials } from "../../src/common/aws/credentials.js";
import type { SignableRequest } from "../../src/common/aws/signer.js";

/**
 * The AWS SDK's SigV4 signer, set up as this project used it before it had its own
 * (src/common/aws/signer.ts): the reference that signer is tested and measured against.
 */

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (data: SourceData): Uint8Array | string =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** The hash interface the SDK's signer takes, on node:crypto. */
class NodeSha256 {
  readonly #secret: Uint8Array | string | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : bytes(secret);
    this.#hash = this.#create();
  }

  #create(): Hash | Hmac {
    return this.#secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret);
  }

  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()));
  }

  reset(): void {
    this.#hash = this.#create();
  }
}

/** The SDK's signer, configured as this project configured it before it had its own. */
export function sdkSigner(service: string, region: string, credentials: AwsCredentials): SignatureV4 {
  const s3 = service === "s3";
  return new SignatureV4({
    service,
    region,
    credentials,
    sha256: NodeSha256,
    uriEscapePath: !s3,
    applyChecksum: s3,
  });
}

/** The headers the SDK's signer sends for a request. */
export async function sdkSign(
  signer: SignatureV4,
  request: SignableRequest,
  at?: Date,
): Promise<Record<string, string>> {
  const query = Object.fromEntries(
    Object.entries(request.query ?? {}).map(([name, value]) => [
      name,
      typeof value === "string" ? value : [...value],
    ]),
  );
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: "https:",
      hostname: request.headers.host ?? "",
      path: request.path,
      query,
      headers: { ...request.headers },
      ...(request.body === undefined ? {} : { body: request.body }),
    },
    at === undefined ? {} : { signingDate: at },
  );
  return signed.headers;
}
