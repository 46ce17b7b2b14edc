import type { BuildOptions } from "esbuild";

/**
 * How the local server is compiled for `npm start`: one ES module per entry, dependencies left in
 * node_modules. The bench compiles its server children the same way, so it measures what runs.
 */
export const SERVER_BUILD_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
} satisfies BuildOptions;
