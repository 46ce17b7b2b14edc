import { MaxTokensSchema, numberRange, textOfLength } from "../request/schemas.js";
import * as z from "../zod.js";

export const HANDLER_NAMES = ["openai_v2", "langchain", "openai_function"] as const;
export type ChatHandlerName = (typeof HANDLER_NAMES)[number];

export const AppSchema = z.strictObject({
  slug: z
    .string()
    .check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: "expected lower-case words joined by '-'" })),
  title: textOfLength(1, 60),
  description: textOfLength(1, 200),
  handler: z.enum(HANDLER_NAMES),
  /** Only where an app truly needs another model than the OPENAI_MODEL setting. */
  model: z.optional(z.string().check(z.minLength(1))),
  temperature: numberRange(0, 2),
  max_tokens: MaxTokensSchema,
  system_prompt: textOfLength(1, 4_000),
  welcome: textOfLength(1, 500),
  examples: z.array(textOfLength(1, 2_000)).check(z.minLength(1), z.maxLength(5)),
});

export const CatalogSchema = z.strictObject({
  apps: z.array(AppSchema).check(
    z.minLength(1),
    z.superRefine((apps, ctx) => {
      const seen = new Set<string>();
      apps.forEach((app, index) => {
        if (seen.has(app.slug))
          ctx.addIssue({ code: "custom", path: [index, "slug"], message: `duplicate slug '${app.slug}'` });
        seen.add(app.slug);
      });
    }),
  ),
});

export type App = z.output<typeof AppSchema>;
export type Catalog = z.output<typeof CatalogSchema>;

/** What is wrong with a catalog, one line per issue naming the field; empty when it is valid. */
export function catalogProblems(candidate: unknown): string[] {
  const result = CatalogSchema.safeParse(candidate);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}
