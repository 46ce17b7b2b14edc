import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { appCatalogPlugin } from "./build/catalog-plugin.js";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [appCatalogPlugin()],
  oxc: { jsx: { runtime: "automatic", importSource: "react" } },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
  },
  logLevel: "warn",
});
