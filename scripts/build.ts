import { build } from "esbuild";
import { build as buildWeb } from "vite";

/** Builds the local server into dist/local (dependencies stay in node_modules). */
await build({
  entryPoints: ["src/local/main.ts"],
  outdir: "dist/local",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});

/** Builds the web UI into dist/web, served by the local server at `/`. */
await buildWeb({ configFile: "web/vite.config.ts", logLevel: "warn" });
