import { createHash } from "node:crypto";
import type { Caller } from "./request.js";

/**
 * The caller a presented API key stands for. API Gateway names the key by its id; elsewhere the id is
 * derived from the key, so it can appear in logs and stored data without revealing the key.
 */
export function callerOf(apiKey: string | null | undefined, apiKeyId?: string | null): Caller {
  if (apiKeyId) return { kind: "key", id: apiKeyId };
  if (!apiKey) return { kind: "anonymous" };
  return { kind: "key", id: `key-${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}` };
}

/** What a conversation records as its owner: the key's identity, or `anonymous` where no keys are set. */
export function ownerOf(caller: Caller): string {
  return caller.kind === "key" ? caller.id : "anonymous";
}
