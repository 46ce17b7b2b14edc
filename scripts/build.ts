import { build } from "esbuild";
import { build as buildWeb } from "vite";
import { SERVER_BUILD_OPTIONS } from "./server-build-options.js";
import { precompressWebAssets } from "./web-precompress.js";

/** Builds the local server into dist/local (dependencies stay in node_modules). */
await build({ ...SERVER_BUILD_OPTIONS, entryPoints: ["src/local/main.ts"], outdir: "dist/local" });

/** Builds the web UI into dist/web, served by the local server at `/`. */
await buildWeb({ configFile: "web/vite.config.ts", logLevel: "warn" });

/** Brotli and gzip copies of the UI's text files, so serving them costs no compression per request. */
await precompressWebAssets("dist/web");
