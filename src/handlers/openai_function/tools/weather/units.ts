/** Unit systems of the weather tool: METRIC (°C, mm) as Open-Meteo sends, USCS (°F, inches). */
export const UNIT_SYSTEMS = ["METRIC", "USCS"] as const;
export type UnitSystem = (typeof UNIT_SYSTEMS)[number];

const MM_PER_INCH = 25.4;

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function celsiusToFahrenheit(celsius: number): number {
  return round((celsius * 9) / 5 + 32, 1);
}

export function millimetresToInches(millimetres: number): number {
  return round(millimetres / MM_PER_INCH, 2);
}

export const UNIT_LABELS: Record<UnitSystem, { temperature: string; precipitation: string }> = {
  METRIC: { temperature: "°C", precipitation: "mm" },
  USCS: { temperature: "°F", precipitation: "in" },
};

export function temperatureIn(unit: UnitSystem, celsius: number | null): number | null {
  if (celsius === null) return null;
  return unit === "USCS" ? celsiusToFahrenheit(celsius) : round(celsius, 1);
}

export function precipitationIn(unit: UnitSystem, millimetres: number | null): number | null {
  if (millimetres === null) return null;
  return unit === "USCS" ? millimetresToInches(millimetres) : round(millimetres, 2);
}
