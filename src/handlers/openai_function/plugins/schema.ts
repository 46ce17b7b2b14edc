import { MaxTokensSchema, numberRange, textOfLength, trimmedText } from "../../../common/request/schemas.js";
import * as z from "../../../common/zod.js";

/**
 * The plugin file format (see the plugin reference): every section required, unknown keys refused,
 * so a typo in a key is reported instead of silently ignored.
 */

export const PLUGIN_SCHEMA_VERSION = "0.1.0";

/** A search term must yield at least one word, or it would match every prompt. */
const TermSchema = z.string({ error: "expected a string" }).check(
  z.maxLength(200),
  z.refine((term) => /[\p{L}\p{N}]/u.test(term), { message: "must contain a letter or a digit" }),
);

const MetaDataSchema = z.strictObject({
  plugin_name: z.string().check(
    z.regex(/^[A-Za-z][A-Za-z0-9]{0,47}$/, {
      message: "expected 1-48 letters or digits, starting with a letter",
    }),
  ),
  plugin_description: trimmedText(1, 2_000),
  plugin_version: z.literal(PLUGIN_SCHEMA_VERSION, {
    error: `expected ${PLUGIN_SCHEMA_VERSION} (the only plugin schema version)`,
  }),
  plugin_author: trimmedText(1, 200),
});

const SearchTermsSchema = z.strictObject({
  strings: z.array(TermSchema).check(z.maxLength(1_000)),
  pairs: z._default(
    z
      .array(z.tuple([TermSchema, TermSchema], { error: "expected a pair of two strings" }))
      .check(z.maxLength(1_000)),
    [],
  ),
});

const SelectorSchema = z
  .strictObject({
    directive: z.enum(["search_terms", "always_load"]),
    search_terms: z.optional(SearchTermsSchema),
  })
  .check(
    z.superRefine((selector, ctx) => {
      if (selector.directive !== "search_terms") return;
      const terms = selector.search_terms;
      if (!terms)
        ctx.addIssue({
          code: "custom",
          path: ["search_terms"],
          message: "required by directive search_terms",
        });
      else if (terms.strings.length === 0 && terms.pairs.length === 0)
        ctx.addIssue({
          code: "custom",
          path: ["search_terms"],
          message: "needs at least one string or pair",
        });
    }),
  );

const PromptingSchema = z.strictObject({
  system_prompt: trimmedText(1, 20_000),
  model: z.optional(trimmedText(1, 200)),
  temperature: z.optional(numberRange(0, 2)),
  max_tokens: z.optional(MaxTokensSchema),
});

const FunctionCallingSchema = z.strictObject({
  function_description: trimmedText(1, 1_000),
  additional_information: z
    .record(textOfLength(1, 64), z.json(), { error: "expected a map of keys to values" })
    .check(
      z.refine((map) => Object.keys(map).length > 0, { message: "needs at least one key" }),
      z.refine((map) => Object.keys(map).length <= 100, { message: "at most 100 keys" }),
    ),
});

export const PluginSchema = z.strictObject({
  meta_data: MetaDataSchema,
  selector: SelectorSchema,
  prompting: PromptingSchema,
  function_calling: FunctionCallingSchema,
});

export type Plugin = z.output<typeof PluginSchema>;
