import { integerField, optionalTextField, optionalUrlField, textField, urlField } from "./fields.js";

/** Settings of the function-calling handler (plugins, tools, weather); `.meta()` as in core-fields. */
export const pluginFields = {
  PLUGINS_DIR: textField("plugins").meta({ description: "Function-calling plugin folder" }),
  PLUGINS_S3_BUCKET: optionalTextField().meta({ description: "S3 bucket of extra plugins" }),
  PLUGINS_S3_PREFIX: textField("plugins/").meta({
    description: "Key prefix of the extra plugins in that bucket",
  }),
  PLUGINS_S3_ENDPOINT: optionalUrlField().meta({
    description: "S3-compatible endpoint (a local S3 in tests and development), addressed path-style",
    unset: "AWS",
  }),
  PLUGINS_CACHE_TTL_SECONDS: integerField(300, 0, 86_400).meta({
    description: "How long loaded plugins are reused",
  }),
  FUZZY_MATCH_THRESHOLD: integerField(3, 0, 10).meta({
    description: "Levenshtein distance for fuzzy plugin matches",
  }),
  MAX_TOOL_ROUNDS: integerField(4, 1, 20).meta({
    description: "Tool-call rounds before the model must answer",
  }),
  OPEN_METEO_GEOCODING_URL: urlField("https://geocoding-api.open-meteo.com/v1/search").meta({
    description: "Weather tool: Open-Meteo geocoding endpoint",
  }),
  OPEN_METEO_FORECAST_URL: urlField("https://api.open-meteo.com/v1/forecast").meta({
    description: "Weather tool: Open-Meteo forecast endpoint",
  }),
  WEATHER_TIMEOUT_MS: integerField(5_000, 100, 60_000).meta({ description: "Weather tool timeout" }),
  WEATHER_CACHE_TTL_SECONDS: integerField(600, 0, 86_400).meta({
    description: "How long a weather answer is reused",
  }),
};
