import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * zod's functional API (`zod/mini`), which every server schema is built with: the same core as the
 * classic API, no methods attached to each schema, and only what this code calls in a bundle
 * (docs/cold-start.md). Import it as a namespace (`import * as z`): zod's own `z` export is one
 * object, which keeps every export of zod in the bundle. Unlike the classic API it loads no locale,
 * so every message would read "Invalid input"; English is configured here, once, before any schema
 * can parse.
 */
config(en());

export * from "zod/mini";
