import * as z from "../zod.js";
import { coreFields } from "./core-fields.js";
import { limitFields } from "./limit-fields.js";
import { memoryFields } from "./memory-fields.js";
import { pluginFields } from "./plugin-fields.js";
import { usageFields } from "./usage-fields.js";

export const settingsShape = {
  ...coreFields,
  ...limitFields,
  ...pluginFields,
  ...memoryFields,
  ...usageFields,
};

export const SettingsSchema = z.object(settingsShape);

export type Settings = z.output<typeof SettingsSchema>;
export type SettingName = keyof typeof settingsShape;

/** The settings whose values are secrets: masked everywhere, read from Parameter Store in Lambda. */
export const SECRET_SETTINGS = [
  "OPENAI_API_KEY",
  "API_KEYS",
  "ADMIN_API_KEY",
] as const satisfies readonly SettingName[];

export const SETTING_NAMES = Object.keys(settingsShape) as SettingName[];
