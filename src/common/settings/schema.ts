import { z } from "zod";
import { coreFields } from "./core-fields.js";
import { memoryFields } from "./memory-fields.js";
import { pluginFields } from "./plugin-fields.js";

export const settingsShape = { ...coreFields, ...pluginFields, ...memoryFields };

export const SettingsSchema = z.object(settingsShape);

export type Settings = z.output<typeof SettingsSchema>;
export type SettingName = keyof typeof settingsShape;

export const SETTING_NAMES = Object.keys(settingsShape) as SettingName[];
