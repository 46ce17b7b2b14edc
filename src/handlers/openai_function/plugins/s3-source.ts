import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { isPluginFileName, NOT_A_PLUGIN_FILE, type PluginLoad } from "./loaded-plugin.js";
import {
  MAX_PLUGIN_BYTES,
  type PluginParseResult,
  parsePluginText,
  tooLargeProblem,
} from "./parse-plugin.js";

interface ListedObject {
  key: string;
  etag: string;
  size: number;
}

interface CachedObject {
  etag: string;
  result: PluginParseResult;
}

export interface S3Load extends PluginLoad {
  /** False when every object had the ETag of the previous load: the caller may keep what it built. */
  changed: boolean;
}

/**
 * The plugins under a bucket prefix. Each load lists the prefix and downloads only the objects whose
 * ETag changed since the previous load; unchanged objects keep their parsed result.
 */
export class S3PluginSource {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  #cache = new Map<string, CachedObject>();

  constructor(client: S3Client, bucket: string, prefix: string) {
    this.#client = client;
    this.#bucket = bucket;
    this.#prefix = prefix;
  }

  sourceOf(key: string): string {
    return `s3://${this.#bucket}/${key}`;
  }

  async #list(): Promise<ListedObject[]> {
    const listed: ListedObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? [])
        if (item.Key && !item.Key.endsWith("/"))
          listed.push({ key: item.Key, etag: item.ETag ?? "", size: item.Size ?? 0 });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return listed.sort((a, b) => a.key.localeCompare(b.key));
  }

  async #fetch(object: ListedObject): Promise<CachedObject> {
    const fileName = object.key.slice(object.key.lastIndexOf("/") + 1);
    if (!isPluginFileName(fileName))
      return { etag: object.etag, result: { ok: false, problem: NOT_A_PLUGIN_FILE } };
    if (object.size > MAX_PLUGIN_BYTES)
      return { etag: object.etag, result: { ok: false, problem: tooLargeProblem(object.size) } };
    const response = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: object.key }));
    const text = (await response.Body?.transformToString("utf8")) ?? "";
    return { etag: response.ETag ?? object.etag, result: parsePluginText(text) };
  }

  async load(): Promise<S3Load> {
    const listed = await this.#list();
    const next = new Map<string, CachedObject>();
    let changed = listed.length !== this.#cache.size;
    await Promise.all(
      listed.map(async (object) => {
        const cached = this.#cache.get(object.key);
        if (cached && cached.etag === object.etag) {
          next.set(object.key, cached);
          return;
        }
        changed = true;
        next.set(object.key, await this.#fetch(object));
      }),
    );
    this.#cache = next;
    const load: S3Load = { plugins: [], problems: [], changed };
    for (const object of listed) {
      const cached = next.get(object.key);
      if (!cached) continue;
      const source = this.sourceOf(object.key);
      if (cached.result.ok) load.plugins.push({ plugin: cached.result.plugin, source });
      else load.problems.push({ source, problem: cached.result.problem });
    }
    return load;
  }
}
