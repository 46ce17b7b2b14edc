declare module "dynalite" {
  import type { Server } from "node:http";

  interface DynaliteOptions {
    /** LevelDB directory; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
  }

  /** An HTTP server speaking the DynamoDB API; `close` also closes its database. */
  export default function dynalite(options?: DynaliteOptions): Server;
}
