import { z } from "zod";

/**
 * The plugin file format (see the plugin reference): every section required, unknown keys refused,
 * so a typo in a key is reported instead of silently ignored.
 */

export const PLUGIN_SCHEMA_VERSION = "0.1.0";

/** A search term must yield at least one word, or it would match every prompt. */
const TermSchema = z
  .string({ error: "expected a string" })
  .max(200)
  .refine((term) => /[\p{L}\p{N}]/u.test(term), { message: "must contain a letter or a digit" });

const MetaDataSchema = z.strictObject({
  plugin_name: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,47}$/, {
    message: "expected 1-48 letters or digits, starting with a letter",
  }),
  plugin_description: z.string().trim().min(1).max(2_000),
  plugin_version: z.literal(PLUGIN_SCHEMA_VERSION, {
    error: `expected ${PLUGIN_SCHEMA_VERSION} (the only plugin schema version)`,
  }),
  plugin_author: z.string().trim().min(1).max(200),
});

const SearchTermsSchema = z.strictObject({
  strings: z.array(TermSchema).max(1_000),
  pairs: z
    .array(z.tuple([TermSchema, TermSchema], { error: "expected a pair of two strings" }))
    .max(1_000)
    .default([]),
});

const SelectorSchema = z
  .strictObject({
    directive: z.enum(["search_terms", "always_load"]),
    search_terms: SearchTermsSchema.optional(),
  })
  .superRefine((selector, ctx) => {
    if (selector.directive !== "search_terms") return;
    const terms = selector.search_terms;
    if (!terms)
      ctx.addIssue({ code: "custom", path: ["search_terms"], message: "required by directive search_terms" });
    else if (terms.strings.length === 0 && terms.pairs.length === 0)
      ctx.addIssue({ code: "custom", path: ["search_terms"], message: "needs at least one string or pair" });
  });

const PromptingSchema = z.strictObject({
  system_prompt: z.string().trim().min(1).max(20_000),
  model: z.string().trim().min(1).max(200).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().max(128_000).optional(),
});

const FunctionCallingSchema = z.strictObject({
  function_description: z.string().trim().min(1).max(1_000),
  additional_information: z
    .record(z.string().min(1).max(64), z.json(), { error: "expected a map of keys to values" })
    .refine((map) => Object.keys(map).length > 0, { message: "needs at least one key" })
    .refine((map) => Object.keys(map).length <= 100, { message: "at most 100 keys" }),
});

export const PluginSchema = z.strictObject({
  meta_data: MetaDataSchema,
  selector: SelectorSchema,
  prompting: PromptingSchema,
  function_calling: FunctionCallingSchema,
});

export type Plugin = z.output<typeof PluginSchema>;
