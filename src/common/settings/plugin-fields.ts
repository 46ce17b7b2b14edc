import * as z from "../zod.js";
import { integerField, optionalTextField, optionalUrlField, textField, urlField } from "./fields.js";

/** Settings of the function-calling handler (plugins, tools, weather); metadata as in core-fields. */
export const pluginFields = {
  PLUGINS_DIR: textField("plugins").register(z.globalRegistry, {
    description: "Function-calling plugin folder",
  }),
  PLUGINS_S3_BUCKET: optionalTextField().register(z.globalRegistry, {
    description: "S3 bucket of extra plugins",
  }),
  PLUGINS_S3_PREFIX: textField("plugins/").register(z.globalRegistry, {
    description: "Key prefix of the extra plugins in that bucket",
  }),
  PLUGINS_S3_ENDPOINT: optionalUrlField().register(z.globalRegistry, {
    description: "S3-compatible endpoint (a local S3 in tests and development), addressed path-style",
    unset: "AWS",
  }),
  PLUGINS_CACHE_TTL_SECONDS: integerField(300, 0, 86_400).register(z.globalRegistry, {
    description: "How long loaded plugins are reused",
  }),
  FUZZY_MATCH_THRESHOLD: integerField(3, 0, 10).register(z.globalRegistry, {
    description: "Levenshtein distance for fuzzy plugin matches",
  }),
  MAX_TOOL_ROUNDS: integerField(4, 1, 20).register(z.globalRegistry, {
    description: "Tool-call rounds before the model must answer",
  }),
  OPEN_METEO_GEOCODING_URL: urlField("https://geocoding-api.open-meteo.com/v1/search").register(
    z.globalRegistry,
    {
      description: "Weather tool: Open-Meteo geocoding endpoint",
    },
  ),
  OPEN_METEO_FORECAST_URL: urlField("https://api.open-meteo.com/v1/forecast").register(z.globalRegistry, {
    description: "Weather tool: Open-Meteo forecast endpoint",
  }),
  WEATHER_TIMEOUT_MS: integerField(5_000, 100, 60_000).register(z.globalRegistry, {
    description: "Weather tool timeout",
  }),
  WEATHER_CACHE_TTL_SECONDS: integerField(600, 0, 86_400).register(z.globalRegistry, {
    description: "How long a weather answer is reused",
  }),
};
