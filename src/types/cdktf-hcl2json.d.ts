// The declarations @cdktf/hcl2json ships start with `/// <reference lib="dom" />`, which would give every
// Node file the DOM globals; tsconfig.node.json maps the package here instead, to the one call made of it.
export declare function parse(filename: string, contents: string): Promise<Record<string, unknown>>;
