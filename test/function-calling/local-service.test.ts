import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/services/logger.js";
import { type RunningService, startTestService } from "../support/local-service.js";
import { type FakeOpenMeteo, startFakeOpenMeteo } from "./support/fake-open-meteo.js";
import { fixturePath } from "./support/plugin-fixtures.js";

/** The whole path with no key: local server, handler, offline model calling tools, fake Open-Meteo. */

let meteo: FakeOpenMeteo;
let service: RunningService;
let startLog = "";

beforeAll(async () => {
  meteo = await startFakeOpenMeteo();
  const logger = createLogger({ LOG_LEVEL: "SILENT", DEBUG_MODE: false });
  const warn = vi.spyOn(logger, "warn");
  service = await startTestService(
    {
      PLUGINS_DIR: fixturePath("mixed"),
      OPEN_METEO_GEOCODING_URL: meteo.geocodingUrl,
      OPEN_METEO_FORECAST_URL: meteo.forecastUrl,
    },
    { logger },
  );
  startLog = warn.mock.calls.map(([line]) => String(line)).join("\n");
});
afterAll(async () => {
  await service?.stop();
  await meteo?.close();
});

async function completion(path: string, body: unknown) {
  const response = await service.post(path, body);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    choices: { message: { content: string } }[];
    request_meta_data: { lambda: string; plugins: string[]; tools_called: string[] };
  };
}

describe("local server with plugins and the offline model", () => {
  it("starts with a broken plugin and a non-YAML file in the folder, naming both in its log", () => {
    expect(service.offline).toBe(true);
    const refused = startLog.split("\n").filter((line) => line.includes("Plugin file refused"));
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatch(/ferry-broken\.yaml: selector\.search_terms\.strings: expected array/);
    expect(refused[1]).toMatch(/notes\.txt: not a plugin file/);
  });

  it("serves a good plugin of that folder through /openai_function_passthrough", async () => {
    const body = await completion("/openai_function_passthrough", {
      messages: [{ role: "user", content: "When does the Quiet Pages book club meet?" }],
    });
    expect(body.request_meta_data).toMatchObject({
      lambda: "lambda_openai_function",
      plugins: ["QuietPagesBookClub"],
      tools_called: ["get_quiet_pages_book_club_info"],
    });
    expect(body.choices[0]?.message.content).toContain("First Tuesday of the month");
  });

  it("answers the weather through the openai-function-calling app", async () => {
    const body = await completion("/examples/openai-function-calling", {
      input_text: "What's the weather in Paris right now?",
    });
    expect(body.request_meta_data).toMatchObject({ plugins: [], tools_called: ["get_current_weather"] });
    expect(body.choices[0]?.message.content).toContain("Paris, Île-de-France, France");
    expect(meteo.requests.map((url) => url.pathname)).toEqual(["/v1/search", "/v1/forecast"]);
  });
});

describe("local server with the repository's example plugins", () => {
  it("selects an example plugin and calls its tool", async () => {
    const examples = await startTestService({
      OPEN_METEO_GEOCODING_URL: meteo.geocodingUrl,
      OPEN_METEO_FORECAST_URL: meteo.forecastUrl,
    });
    try {
      const response = await examples.post("/openai_function_passthrough", {
        input_text: "What does a tent rental cost from Trailhead Outfitters?",
      });
      const body = (await response.json()) as {
        choices: { message: { content: string } }[];
        request_meta_data: unknown;
      };
      expect(body.request_meta_data).toMatchObject({
        plugins: ["TrailheadOutfitters"],
        tools_called: ["get_trailhead_outfitters_info"],
        temperature: 0.4,
        max_tokens: 512,
      });
      expect(body.choices[0]?.message.content).toContain("two-person tent");
    } finally {
      await examples.stop();
    }
  });
});
