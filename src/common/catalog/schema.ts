import { z } from "zod";

export const HANDLER_NAMES = ["openai_v2", "langchain", "openai_function"] as const;
export type ChatHandlerName = (typeof HANDLER_NAMES)[number];

export const AppSchema = z.strictObject({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: "expected lower-case words joined by '-'" }),
  title: z.string().min(1).max(60),
  description: z.string().min(1).max(200),
  handler: z.enum(HANDLER_NAMES),
  /** Only where an app truly needs another model than the OPENAI_MODEL setting. */
  model: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2),
  max_tokens: z.number().int().positive().max(128_000),
  system_prompt: z.string().min(1).max(4_000),
  welcome: z.string().min(1).max(500),
  examples: z.array(z.string().min(1).max(2_000)).min(1).max(5),
});

export const CatalogSchema = z.strictObject({
  apps: z
    .array(AppSchema)
    .min(1)
    .superRefine((apps, ctx) => {
      const seen = new Set<string>();
      apps.forEach((app, index) => {
        if (seen.has(app.slug))
          ctx.addIssue({ code: "custom", path: [index, "slug"], message: `duplicate slug '${app.slug}'` });
        seen.add(app.slug);
      });
    }),
});

export type App = z.output<typeof AppSchema>;
export type Catalog = z.output<typeof CatalogSchema>;

/** What is wrong with a catalog, one line per issue naming the field; empty when it is valid. */
export function catalogProblems(candidate: unknown): string[] {
  const result = CatalogSchema.safeParse(candidate);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}
