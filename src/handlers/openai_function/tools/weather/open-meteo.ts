import * as z from "../../../../common/zod.js";
import { ToolFailure } from "../tool.js";
import type { ResponseCache } from "./response-cache.js";

/** Clients of the two Open-Meteo APIs (no key needed): geocoding, and the hourly forecast. */

const PlaceSchema = z.object({
  name: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  timezone: z.optional(z.string()),
  country: z.optional(z.string()),
  admin1: z.optional(z.string()),
});

const GeocodingSchema = z.object({ results: z.optional(z.array(PlaceSchema)) });

const ForecastSchema = z.object({
  timezone: z.optional(z.string()),
  hourly: z.object({
    time: z.array(z.string()),
    temperature_2m: z.array(z.nullable(z.number())),
    precipitation: z.array(z.nullable(z.number())),
  }),
});

export type Place = z.output<typeof PlaceSchema>;
export type Forecast = z.output<typeof ForecastSchema>;

export interface OpenMeteoOptions {
  geocodingUrl: string;
  forecastUrl: string;
  cache: ResponseCache<unknown>;
}

export const FORECAST_HOURS = 24;

async function getJson(url: URL, signal: AbortSignal, cache: ResponseCache<unknown>): Promise<unknown> {
  const key = url.toString();
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  if (!response.ok) throw new ToolFailure(`The weather service answered with status ${response.status}.`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ToolFailure("The weather service sent an answer that is not JSON.");
  }
  cache.set(key, body);
  return body;
}

function parsed<S extends z.ZodMiniType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new ToolFailure("The weather service sent an answer in an unexpected shape.");
  return result.data;
}

/** The best match for a place name; "Springfield, Illinois" narrows by country or region. */
export async function geocode(location: string, options: OpenMeteoOptions, signal: AbortSignal) {
  const url = new URL(options.geocodingUrl);
  url.search = new URLSearchParams({ name: location, count: "1", language: "en", format: "json" }).toString();
  const { results } = parsed(GeocodingSchema, await getJson(url, signal, options.cache));
  return results?.[0];
}

/** Temperature (°C) and precipitation (mm) per hour for the next FORECAST_HOURS hours, local time. */
export async function hourlyForecast(place: Place, options: OpenMeteoOptions, signal: AbortSignal) {
  const url = new URL(options.forecastUrl);
  url.search = new URLSearchParams({
    latitude: String(place.latitude),
    longitude: String(place.longitude),
    hourly: "temperature_2m,precipitation",
    forecast_hours: String(FORECAST_HOURS),
    timezone: "auto",
  }).toString();
  return parsed(ForecastSchema, await getJson(url, signal, options.cache));
}
