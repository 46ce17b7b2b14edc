import { useEffect, useRef, useState } from "react";
import { z } from "zod/mini";
import { type ApiTarget, apiHeaders, apiUrl } from "../api/target.js";
import { findChatApp } from "../catalog/apps.js";

/** Offered when the API lists no models: OpenAI's current chat models. */
export const KNOWN_MODELS: readonly string[] = [
  "gpt-4o-mini",
  "gpt-4o",
  "gpt-4.1-mini",
  "gpt-4.1",
  "o4-mini",
];

const ModelListSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/** The upstream models of a `/v1/models` list, which names the apps as models too. */
function upstreamModels(listed: readonly { id: string }[]): string[] {
  return listed.map((model) => model.id).filter((id) => findChatApp(id) === undefined);
}

/**
 * The models a direct chat can pick: the upstream models the API's OpenAI-compatible `GET /v1/models`
 * lists (its apps are chats of their own here), where it has one; else the known OpenAI chat models.
 * Asked once per API, when a direct chat is first `wanted`.
 */
export function useModels(target: ApiTarget, wanted: boolean): readonly string[] {
  const [models, setModels] = useState<readonly string[]>(KNOWN_MODELS);
  const askedFor = useRef<string | undefined>(undefined);
  const { baseUrl, apiKey } = target;
  useEffect(() => {
    const api = `${baseUrl}\n${apiKey}`;
    if (!wanted || askedFor.current === api) return;
    askedFor.current = api;
    fetch(apiUrl(baseUrl, "/v1/models"), { headers: apiHeaders(apiKey, { accept: "application/json" }) })
      .then(async (response) => (response.ok ? ModelListSchema.safeParse(await response.json()) : undefined))
      .then(
        (parsed) => {
          if (askedFor.current !== api) return;
          const listed = parsed?.success ? upstreamModels(parsed.data.data) : [];
          setModels(listed.length > 0 ? listed : KNOWN_MODELS);
        },
        () => {},
      );
  }, [baseUrl, apiKey, wanted]);
  return models;
}
