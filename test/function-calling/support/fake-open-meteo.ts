import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Open-Meteo's geocoding and forecast APIs on loopback, with the answers' real shapes. Places are
 * looked up by name; a behaviour can make the next answers fail, hang or be garbage.
 */

export interface FakePlace {
  name: string;
  latitude: number;
  longitude: number;
  country: string;
  admin1?: string;
  timezone: string;
}

export type OpenMeteoBehaviour = "normal" | "status-503" | "hang" | "garbage";

export interface FakeOpenMeteo {
  geocodingUrl: string;
  forecastUrl: string;
  /** Every request's path and query, in order. */
  requests: URL[];
  behave(behaviour: OpenMeteoBehaviour): void;
  close(): Promise<void>;
}

export const PLACES: FakePlace[] = [
  {
    name: "Paris",
    latitude: 48.85341,
    longitude: 2.3488,
    country: "France",
    admin1: "Île-de-France",
    timezone: "Europe/Paris",
  },
  {
    name: "Reykjavík",
    latitude: 64.13548,
    longitude: -21.89541,
    country: "Iceland",
    admin1: "Capital Region",
    timezone: "Atlantic/Reykjavik",
  },
];

/** Hour i of the forecast: temperatures from 10.0 °C up by 0.5 a step, 2.54 mm of rain every sixth hour. */
export function fakeHour(i: number) {
  return {
    time: `2026-05-01T${String(i % 24).padStart(2, "0")}:00`,
    temperature: 10 + i * 0.5,
    precipitation: i % 6 === 0 ? 2.54 : 0,
  };
}

function geocoding(url: URL) {
  const name = (url.searchParams.get("name") ?? "").split(",")[0]?.trim().toLowerCase();
  const found = PLACES.filter((place) => place.name.toLowerCase() === name);
  // Like Open-Meteo, no match means no `results` key at all.
  return found.length > 0
    ? { results: found.map((place, id) => ({ id, ...place })), generationtime_ms: 0.5 }
    : { generationtime_ms: 0.5 };
}

function forecast(url: URL) {
  const hours = Number(url.searchParams.get("forecast_hours") ?? 168);
  const hourly = Array.from({ length: hours }, (_, i) => fakeHour(i));
  return {
    latitude: Number(url.searchParams.get("latitude")),
    longitude: Number(url.searchParams.get("longitude")),
    timezone: "Europe/Paris",
    hourly_units: { time: "iso8601", temperature_2m: "°C", precipitation: "mm" },
    hourly: {
      time: hourly.map((h) => h.time),
      temperature_2m: hourly.map((h) => h.temperature),
      precipitation: hourly.map((h) => h.precipitation),
    },
  };
}

export async function startFakeOpenMeteo(): Promise<FakeOpenMeteo> {
  const requests: URL[] = [];
  let behaviour: OpenMeteoBehaviour = "normal";
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    requests.push(url);
    if (behaviour === "hang") return;
    if (behaviour === "status-503") return void response.writeHead(503).end("busy");
    if (behaviour === "garbage")
      return void response.writeHead(200, { "content-type": "application/json" }).end("{not json");
    const body =
      url.pathname === "/v1/search"
        ? geocoding(url)
        : url.pathname === "/v1/forecast"
          ? forecast(url)
          : undefined;
    if (!body) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    geocodingUrl: `${base}/v1/search`,
    forecastUrl: `${base}/v1/forecast`,
    requests,
    behave: (next) => {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
