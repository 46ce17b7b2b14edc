import { integerField, optionalTextField, optionalUrlField, textField, urlField } from "./fields.js";

/** Settings of the adaptive function-calling handler (plugins, tools, weather). */
export const pluginFields = {
  PLUGINS_DIR: textField("plugins"),
  PLUGINS_S3_BUCKET: optionalTextField(),
  PLUGINS_S3_PREFIX: textField("plugins/"),
  // An S3-compatible endpoint (a local S3 in tests and development); path-style addressing is used with it.
  PLUGINS_S3_ENDPOINT: optionalUrlField(),
  PLUGINS_CACHE_TTL_SECONDS: integerField(300, 0, 86_400),
  FUZZY_MATCH_THRESHOLD: integerField(3, 0, 10),
  MAX_TOOL_ROUNDS: integerField(4, 1, 20),
  OPEN_METEO_GEOCODING_URL: urlField("https://geocoding-api.open-meteo.com/v1/search"),
  OPEN_METEO_FORECAST_URL: urlField("https://api.open-meteo.com/v1/forecast"),
  WEATHER_TIMEOUT_MS: integerField(5_000, 100, 60_000),
  WEATHER_CACHE_TTL_SECONDS: integerField(600, 0, 86_400),
};
