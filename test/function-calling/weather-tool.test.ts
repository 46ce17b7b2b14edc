import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ToolFailure } from "../../src/handlers/openai_function/tools/tool.js";
import { ResponseCache } from "../../src/handlers/openai_function/tools/weather/response-cache.js";
import {
  celsiusToFahrenheit,
  millimetresToInches,
} from "../../src/handlers/openai_function/tools/weather/units.js";
import { createWeatherTool } from "../../src/handlers/openai_function/tools/weather/weather-tool.js";
import { testSettings } from "../support/settings.js";
import { type FakeOpenMeteo, fakeHour, startFakeOpenMeteo } from "./support/fake-open-meteo.js";

let meteo: FakeOpenMeteo;

beforeAll(async () => {
  meteo = await startFakeOpenMeteo();
});
afterAll(() => meteo.close());
beforeEach(() => {
  meteo.behave("normal");
  meteo.requests.length = 0;
});

/** A fresh tool (so a fresh cache) for each test, pointed at the fake service. */
function tool(env: Record<string, string> = {}) {
  return createWeatherTool(
    testSettings({
      OPEN_METEO_GEOCODING_URL: meteo.geocodingUrl,
      OPEN_METEO_FORECAST_URL: meteo.forecastUrl,
      WEATHER_TIMEOUT_MS: "5000",
      ...env,
    }).settings,
  );
}

interface WeatherReport {
  location: string;
  unit: string;
  units: { temperature: string; precipitation: string };
  summary: { temperature_min: number; temperature_max: number; precipitation_total: number };
  hourly: { time: string; temperature: number; precipitation: number }[];
}

describe("units", () => {
  it.each([
    [0, 32],
    [100, 212],
    [-40, -40],
    [21.5, 70.7],
  ])("%f °C is %f °F", (celsius, fahrenheit) => {
    expect(celsiusToFahrenheit(celsius)).toBe(fahrenheit);
  });

  it.each([
    [25.4, 1],
    [2.54, 0.1],
    [0, 0],
    [10, 0.39],
  ])("%f mm is %f in", (mm, inches) => {
    expect(millimetresToInches(mm)).toBe(inches);
  });
});

describe("get_current_weather", () => {
  it("geocodes the place and returns 24 hours of temperature and precipitation in METRIC", async () => {
    const report = (await tool().run({ location: "Paris", unit: "METRIC" })) as WeatherReport;
    expect(report.location).toBe("Paris, Île-de-France, France");
    expect(report.units).toEqual({ temperature: "°C", precipitation: "mm" });
    expect(report.hourly).toHaveLength(24);
    expect(report.hourly[3]).toEqual(fakeHour(3));
    expect(report.summary).toEqual({
      temperature_min: 10,
      temperature_max: 21.5,
      precipitation_total: 10.16,
    });
    const [geocodeRequest, forecastRequest] = meteo.requests;
    expect(geocodeRequest?.searchParams.get("name")).toBe("Paris");
    expect(forecastRequest?.searchParams.get("latitude")).toBe("48.85341");
    expect(forecastRequest?.searchParams.get("hourly")).toBe("temperature_2m,precipitation");
    expect(forecastRequest?.searchParams.get("forecast_hours")).toBe("24");
  });

  it("converts to °F and inches for USCS", async () => {
    const report = (await tool().run({ location: "Reykjavík, Iceland", unit: "USCS" })) as WeatherReport;
    expect(report.unit).toBe("USCS");
    expect(report.units).toEqual({ temperature: "°F", precipitation: "in" });
    expect(report.hourly[0]).toEqual({ time: fakeHour(0).time, temperature: 50, precipitation: 0.1 });
    expect(report.hourly[1]).toEqual({ time: fakeHour(1).time, temperature: 50.9, precipitation: 0 });
    expect(report.summary).toEqual({ temperature_min: 50, temperature_max: 70.7, precipitation_total: 0.4 });
  });

  it("answers a repeated question from its cache", async () => {
    const weather = tool();
    await weather.run({ location: "Paris", unit: "METRIC" });
    await weather.run({ location: "Paris", unit: "USCS" });
    expect(meteo.requests).toHaveLength(2);
  });

  it("asks again when caching is off", async () => {
    const weather = tool({ WEATHER_CACHE_TTL_SECONDS: "0" });
    await weather.run({ location: "Paris", unit: "METRIC" });
    await weather.run({ location: "Paris", unit: "METRIC" });
    expect(meteo.requests).toHaveLength(4);
  });

  it.each([
    [{ location: "Atlantis", unit: "METRIC" }, "No place named 'Atlantis' was found."],
    [{ location: "Paris", unit: "KELVIN" }, "Invalid arguments: unit: Invalid option"],
    [{ unit: "METRIC" }, "Invalid arguments: location: Invalid input"],
  ])("fails clearly for %j", async (args, message) => {
    const failure = await tool()
      .run(args)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ToolFailure);
    expect((failure as Error).message.startsWith(message), (failure as Error).message).toBe(true);
  });

  it.each([
    ["status-503", "The weather service answered with status 503."],
    ["garbage", "The weather service sent an answer that is not JSON."],
    ["hang", "The weather service did not answer within 300 ms."],
  ] as const)("turns a service that answers %s into a ToolFailure", async (behaviour, message) => {
    meteo.behave(behaviour);
    const started = performance.now();
    const weather = tool({ WEATHER_TIMEOUT_MS: "300" });
    await expect(weather.run({ location: "Paris", unit: "METRIC" })).rejects.toThrow(
      new ToolFailure(message),
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("does not cache failures", async () => {
    const weather = tool();
    meteo.behave("status-503");
    await expect(weather.run({ location: "Paris", unit: "METRIC" })).rejects.toThrow(ToolFailure);
    meteo.behave("normal");
    await expect(weather.run({ location: "Paris", unit: "METRIC" })).resolves.toMatchObject({
      location: "Paris, Île-de-France, France",
    });
  });
});

describe("ResponseCache", () => {
  it("forgets entries after the TTL and drops the oldest beyond its size", () => {
    let now = 0;
    const cache = new ResponseCache<number>(1_000, 2, () => now);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, 3]);
    now = 1_000;
    expect(cache.get("b")).toBeUndefined();
  });
});
