import type { Settings } from "../../../common/settings/index.js";
import type { Logger } from "../../../services/logger.js";
import { PluginIndex } from "../matching/plugin-index.js";
import { PluginInfoTools } from "../tools/plugin-info-tool.js";
import { type FolderLoad, readPluginFolder } from "./folder-source.js";
import type { LoadedPlugin, PluginLoad, PluginProblem } from "./loaded-plugin.js";
import { mergePlugins } from "./merge-plugins.js";

/** The part of the S3 source the store uses; its code is only loaded when a bucket is configured. */
export interface PluginUploads {
  /** `bundled` are the folder's plugins, which an upload of the same file may reuse. */
  load(bundled: readonly LoadedPlugin[]): Promise<PluginLoad & { changed: boolean }>;
}

export interface PluginStoreOptions {
  folder: string;
  logger: Logger;
  uploads?: PluginUploads;
  ttlMs: number;
  fuzzyThreshold: number;
  now?: () => number;
}

export interface PluginSet {
  index: PluginIndex;
  /** The information tools of the set's plugins, built with it. */
  infoTools: PluginInfoTools;
  problems: PluginProblem[];
}

/**
 * The plugins a handler matches against: the bundled folder (read once) and, when configured, an S3
 * prefix revalidated after the TTL. A bad file is logged once and refused; the others keep working.
 * When S3 cannot be read, the plugins loaded before stay in use.
 */
export class PluginStore {
  readonly #options: PluginStoreOptions;
  readonly #now: () => number;
  #folder: Promise<FolderLoad> | undefined;
  #uploaded: PluginLoad = { plugins: [], problems: [] };
  #set: PluginSet | undefined;
  #expiresAt = 0;
  #refreshing: Promise<PluginSet> | undefined;
  #reported = new Set<string>();

  constructor(options: PluginStoreOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The current plugin set; after the TTL, the first caller revalidates S3 and the others wait for it. */
  current(): Promise<PluginSet> {
    if (this.#set && this.#now() < this.#expiresAt) return Promise.resolve(this.#set);
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #readFolder(): Promise<FolderLoad> {
    const { folder } = this.#options;
    try {
      const load = await readPluginFolder(folder);
      if (load.missing) this.#options.logger.warn(`No plugin folder at ${load.folder}: no bundled plugins`);
      return load;
    } catch (error) {
      this.#options.logger.error(`Cannot read the plugin folder ${folder}`, { error });
      return { plugins: [], problems: [], missing: false, folder };
    }
  }

  async #refresh(): Promise<PluginSet> {
    this.#folder ??= this.#readFolder();
    const folder = await this.#folder;
    let uploadsChanged = false;
    if (this.#options.uploads) {
      try {
        const load = await this.#options.uploads.load(folder.plugins);
        uploadsChanged = load.changed;
        this.#uploaded = load;
      } catch (error) {
        this.#options.logger.error("Cannot read plugins from S3; the plugins loaded before stay in use", {
          error,
        });
      }
    }
    if (!this.#set || uploadsChanged) this.#set = this.#build(folder);
    this.#expiresAt = this.#options.uploads ? this.#now() + this.#options.ttlMs : Number.POSITIVE_INFINITY;
    return this.#set;
  }

  #build(folder: PluginLoad): PluginSet {
    const merged = mergePlugins(folder.plugins, this.#uploaded.plugins);
    for (const { name, bundled, by } of merged.replaced)
      this.#options.logger.info(`Plugin ${name} from ${by} replaces the bundled ${bundled}`);
    const problems = [...folder.problems, ...this.#uploaded.problems, ...merged.problems];
    this.#report(problems);
    const index = new PluginIndex(merged.plugins, this.#options.fuzzyThreshold);
    const infoTools = new PluginInfoTools(merged.plugins.map(({ plugin }) => plugin));
    return { index, infoTools, problems };
  }

  /** Each problem is logged when it appears, not again at every revalidation. */
  #report(problems: readonly PluginProblem[]): void {
    const current = new Set<string>();
    for (const { source, problem } of problems) {
      const line = `Plugin file refused: ${source}: ${problem}`;
      current.add(line);
      if (!this.#reported.has(line)) this.#options.logger.warn(line, { source, problem });
    }
    this.#reported = current;
  }
}

/**
 * The plugins under the S3 prefix the settings name, read with the credentials Lambda puts in the
 * environment. The S3 code is only loaded (and built) on the first load, so a deployment without a
 * bucket never pays for it.
 */
class S3Uploads implements PluginUploads {
  readonly #settings: Settings;
  readonly #bucket: string;
  #source: Promise<PluginUploads> | undefined;

  constructor(settings: Settings, bucket: string) {
    this.#settings = settings;
    this.#bucket = bucket;
  }

  async load(bundled: readonly LoadedPlugin[]): Promise<PluginLoad & { changed: boolean }> {
    this.#source ??= this.#open().catch((error: unknown) => {
      this.#source = undefined;
      throw error;
    });
    return (await this.#source).load(bundled);
  }

  async #open(): Promise<PluginUploads> {
    const [{ credentialsFrom }, { S3ReadClient }, { S3PluginSource }] = await Promise.all([
      import("../../../common/aws/credentials.js"),
      import("../../../common/aws/s3-client.js"),
      import("./s3-source.js"),
    ]);
    const client = new S3ReadClient({
      region: this.#settings.AWS_REGION,
      credentials: credentialsFrom(process.env, "outside Lambda, set them or unset PLUGINS_S3_BUCKET"),
      endpoint: this.#settings.PLUGINS_S3_ENDPOINT,
      env: process.env,
    });
    return new S3PluginSource(client, this.#bucket, this.#settings.PLUGINS_S3_PREFIX);
  }
}

/** The plugin store of one cold start; the folder is resolved against the working directory. */
export function createPluginStore(settings: Settings, logger: Logger): PluginStore {
  const bucket = settings.PLUGINS_S3_BUCKET;
  return new PluginStore({
    folder: settings.PLUGINS_DIR,
    logger,
    ...(bucket ? { uploads: new S3Uploads(settings, bucket) } : {}),
    ttlMs: settings.PLUGINS_CACHE_TTL_SECONDS * 1000,
    fuzzyThreshold: settings.FUZZY_MATCH_THRESHOLD,
  });
}
