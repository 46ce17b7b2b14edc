// highlight.js ships no declarations for its per-language entry points.
declare module "highlight.js/lib/languages/*" {
  const language: import("highlight.js").LanguageFn;
  export default language;
}
