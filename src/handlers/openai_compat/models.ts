import type { Model } from "openai/resources/models";
import type { App } from "../../common/catalog/index.js";
import type { Settings } from "../../common/settings/index.js";

/** A model of `/v1/models`: OpenAI's fields, plus the app's title and description when it is an app. */
export type ListedModel = Model & { title?: string; description?: string };

/** The catalog ships with the code: it has no creation time of its own to report. */
const UNDATED = 0;

function appModel(app: App): ListedModel {
  return {
    id: app.slug,
    object: "model",
    created: UNDATED,
    owned_by: "aws-openai",
    title: app.title,
    description: app.description,
  };
}

/**
 * The models `/v1/chat/completions` serves: every app, then the upstream models ALLOWED_MODELS lets
 * through (when it lets any through, the default model stands for them).
 */
export function listModels(
  apps: readonly App[],
  settings: Settings,
): { object: "list"; data: ListedModel[] } {
  const slugs = new Set(apps.map((app) => app.slug));
  const upstream = settings.ALLOWED_MODELS.length > 0 ? settings.ALLOWED_MODELS : [settings.OPENAI_MODEL];
  const upstreamModels = upstream
    .filter((id) => !slugs.has(id))
    .map((id): ListedModel => ({ id, object: "model", created: UNDATED, owned_by: "upstream" }));
  return { object: "list", data: [...apps.map(appModel), ...upstreamModels] };
}
