import { build } from "esbuild";

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
