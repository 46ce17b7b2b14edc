import type { Plugin } from "vite";
import { getCatalog } from "../../src/common/catalog/index.js";
import { toWebApp } from "../src/catalog/web-app.js";

const VIRTUAL_ID = "virtual:app-catalog";
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * Serves `virtual:app-catalog`: the validated catalog/apps.json cut down to what the UI shows, so the
 * bundle reads the one catalog file without shipping system prompts.
 */
export function appCatalogPlugin(): Plugin {
  return {
    name: "app-catalog",
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const apps = getCatalog().apps.map(toWebApp);
      return `export default ${JSON.stringify(apps)};`;
    },
  };
}
