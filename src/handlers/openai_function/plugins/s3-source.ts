import type { S3ReadClient } from "../../../common/aws/s3-client.js";
import type { ListedObject } from "../../../common/aws/s3-list-objects.js";
import { isPluginFileName, type LoadedPlugin, NOT_A_PLUGIN_FILE, type PluginLoad } from "./loaded-plugin.js";
import { MAX_PLUGIN_BYTES, type PluginParseResult, tooLargeProblem } from "./plugin-value.js";
import type { Plugin } from "./schema.js";

/** The calls the source makes; tests wrap them to count requests. */
export type PluginObjects = Pick<S3ReadClient, "listObjectsPage" | "getObjectText">;

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
 * ETag changed since the previous load; unchanged objects keep their parsed result. An object whose
 * ETag is the MD5 of a bundled plugin's file is that file (Terraform uploads the repository's
 * plugins to the bucket too): it takes the bundled plugin, with no download and no YAML parsing.
 */
export class S3PluginSource {
  readonly #client: PluginObjects;
  readonly #bucket: string;
  readonly #prefix: string;
  #cache = new Map<string, CachedObject>();

  constructor(client: PluginObjects, bucket: string, prefix: string) {
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
      const page = await this.#client.listObjectsPage(this.#bucket, this.#prefix, token);
      // A key ending in / is the folder placeholder that consoles create, not a file.
      listed.push(...page.objects.filter((object) => !object.key.endsWith("/")));
      token = page.nextContinuationToken;
    } while (token);
    return listed.sort((a, b) => a.key.localeCompare(b.key));
  }

  /** An object refused by its name or size, a bundled plugin's own file, or else downloaded and parsed. */
  async #read(object: ListedObject, bundledByEtag: ReadonlyMap<string, Plugin>): Promise<CachedObject> {
    const fileName = object.key.slice(object.key.lastIndexOf("/") + 1);
    if (!isPluginFileName(fileName))
      return { etag: object.etag, result: { ok: false, problem: NOT_A_PLUGIN_FILE } };
    if (object.size > MAX_PLUGIN_BYTES)
      return { etag: object.etag, result: { ok: false, problem: tooLargeProblem(object.size) } };
    const copy = bundledByEtag.get(object.etag);
    if (copy) return { etag: object.etag, result: { ok: true, plugin: copy } };
    const [{ text, etag }, { parsePluginText }] = await Promise.all([
      this.#client.getObjectText(this.#bucket, object.key),
      import("./parse-plugin.js"),
    ]);
    return { etag: etag ?? object.etag, result: parsePluginText(text) };
  }

  async load(bundled: readonly LoadedPlugin[] = []): Promise<S3Load> {
    const listed = await this.#list();
    const bundledByEtag = new Map<string, Plugin>();
    for (const { plugin, md5 } of bundled) if (md5) bundledByEtag.set(`"${md5}"`, plugin);
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
        next.set(object.key, await this.#read(object, bundledByEtag));
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
