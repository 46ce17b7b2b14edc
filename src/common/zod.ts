import { z } from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * zod's functional API (`zod/mini`), which every server schema is built with: the same core as the
 * classic API, a third of the code to load per cold start, and no methods attached to each schema
 * (docs/cold-start.md). Unlike the classic API it loads no locale, so every message would read
 * "Invalid input"; English is configured here, once, before any schema can parse.
 */
z.config(en());

export { z };
