import { trimmedText } from "../../../../common/request/schemas.js";
import type { Settings } from "../../../../common/settings/index.js";
import * as z from "../../../../common/zod.js";
import { parseArguments, type Tool, ToolFailure } from "../tool.js";
import { type Forecast, geocode, hourlyForecast, type OpenMeteoOptions, type Place } from "./open-meteo.js";
import { ResponseCache } from "./response-cache.js";
import { precipitationIn, temperatureIn, UNIT_LABELS, UNIT_SYSTEMS, type UnitSystem } from "./units.js";

export const WEATHER_TOOL_NAME = "get_current_weather";

const ArgumentsSchema = z.object({
  location: trimmedText(1, 200),
  unit: z._default(z.enum(UNIT_SYSTEMS), "METRIC"),
});

function placeLabel(place: Place): string {
  const parts = [place.name, place.admin1, place.country].filter((part): part is string => Boolean(part));
  return [...new Set(parts)].join(", ");
}

function sum(values: readonly (number | null)[]): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}

function report(place: Place, forecast: Forecast, unit: UnitSystem) {
  const { time, temperature_2m, precipitation } = forecast.hourly;
  const hourly = time.map((hour, i) => ({
    time: hour,
    temperature: temperatureIn(unit, temperature_2m[i] ?? null),
    precipitation: precipitationIn(unit, precipitation[i] ?? null),
  }));
  const temperatures = temperature_2m.filter((t): t is number => t !== null);
  return {
    location: placeLabel(place),
    latitude: place.latitude,
    longitude: place.longitude,
    timezone: forecast.timezone ?? place.timezone,
    unit,
    units: UNIT_LABELS[unit],
    summary: {
      temperature_min: temperatures.length > 0 ? temperatureIn(unit, Math.min(...temperatures)) : null,
      temperature_max: temperatures.length > 0 ? temperatureIn(unit, Math.max(...temperatures)) : null,
      precipitation_total: precipitationIn(unit, sum(precipitation)),
    },
    hourly,
  };
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
}

/**
 * `get_current_weather(location, unit)`: geocode, then a 24-hour hourly forecast, both from Open-Meteo.
 * One per cold start, so its answer cache is shared by the requests of that instance.
 */
export function createWeatherTool(settings: Settings): Tool {
  const options: OpenMeteoOptions = {
    geocodingUrl: settings.OPEN_METEO_GEOCODING_URL,
    forecastUrl: settings.OPEN_METEO_FORECAST_URL,
    cache: new ResponseCache(settings.WEATHER_CACHE_TTL_SECONDS * 1000),
  };
  const timeoutMs = settings.WEATHER_TIMEOUT_MS;
  return {
    definition: {
      type: "function",
      function: {
        name: WEATHER_TOOL_NAME,
        description:
          "Get the weather forecast for a place: temperature and precipitation for each of the next 24 hours.",
        parameters: {
          type: "object",
          properties: {
            location: {
              type: "string",
              description:
                "A place name, optionally with its country or region, e.g. 'Lyon' or 'Portland, Oregon'.",
            },
            unit: {
              type: "string",
              enum: [...UNIT_SYSTEMS],
              description: "METRIC for °C and mm, USCS for °F and inches.",
            },
          },
          required: ["location", "unit"],
          additionalProperties: false,
        },
      },
    },
    run: async (args) => {
      const { location, unit } = parseArguments(ArgumentsSchema, args);
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const place = await geocode(location, options, signal);
        if (!place) throw new ToolFailure(`No place named '${location}' was found.`);
        return report(place, await hourlyForecast(place, options, signal), unit);
      } catch (error) {
        if (isTimeout(error))
          throw new ToolFailure(`The weather service did not answer within ${timeoutMs} ms.`);
        if (error instanceof ToolFailure) throw error;
        throw new ToolFailure("The weather service could not be reached.", { cause: error });
      }
    },
  };
}
