/** The precompressed variants the build writes next to a file, best first. */
export const PRECOMPRESSED = [
  { encoding: "br", suffix: ".br" },
  { encoding: "gzip", suffix: ".gz" },
] as const;

export type Precompressed = (typeof PRECOMPRESSED)[number];

/**
 * The encodings an Accept-Encoding header allows, by name: a listed coding with q > 0, or `*` with q > 0
 * for codings not listed. `identity` is always acceptable here because every file also exists uncompressed.
 */
export function acceptedEncodings(header: string | undefined): Precompressed[] {
  const quality = new Map<string, number>();
  for (const part of (header ?? "").split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    if (name === "") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = q === undefined ? 1 : Number(q.slice(2));
    quality.set(name, Number.isFinite(value) ? value : 0);
  }
  return PRECOMPRESSED.filter(({ encoding }) => (quality.get(encoding) ?? quality.get("*") ?? 0) > 0);
}
