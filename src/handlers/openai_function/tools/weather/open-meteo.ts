import { z } from "zod";
import { ToolFailure } from "../tool.js";
import type { ResponseCache } from "./response-cache.js";

/** Clients of the two Open-Meteo APIs (no key needed): geocoding, and the hourly forecast. */

const PlaceSchema = z.object({
  name: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  timezone: z.string().optional(),
  country: z.string().optional(),
  admin1: z.string().optional(),
});

const GeocodingSchema = z.object({ results: z.array(PlaceSchema).optional() });

const ForecastSchema = z.object({
  timezone: z.string().optional(),
  hourly: z.object({
    time: z.array(z.string()),
    temperature_2m: z.array(z.number().nullable()),
    precipitation: z.array(z.number().nullable()),
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

function parsed<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
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
