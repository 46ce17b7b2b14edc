import { z } from "zod";
import { Secret } from "../secret.js";
import { rememberUrlSecrets } from "../url-secrets.js";

/** Environment values are strings; these turn them into typed values with messages a person can act on. */

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off", ""]);

export const booleanField = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => TRUE.has(v) || FALSE.has(v), { message: "expected true or false" })
    .transform((v) => TRUE.has(v))
    .optional()
    .transform((v) => v ?? fallback);

export const integerField = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, { message: "expected a whole number" })
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .optional()
    .transform((v) => v ?? fallback);

export const numberField = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, { message: "expected a number" })
    .transform(Number)
    .pipe(z.number().min(min).max(max))
    .optional()
    .transform((v) => v ?? fallback);

export const textField = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v));

export const optionalTextField = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v));

export const optionalUrlField = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : v))
    .pipe(z.url({ protocol: /^https?$/, message: "expected an http(s) URL" }).optional())
    .transform((url) => {
      if (url) rememberUrlSecrets(url);
      return url;
    });

export const urlField = (fallback: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v))
    .pipe(z.url({ protocol: /^https?$/, message: "expected an http(s) URL" }))
    .transform((url) => {
      rememberUrlSecrets(url);
      return url;
    });

/** `*` or one browser origin (scheme and host, no path), as Access-Control-Allow-Origin takes it. */
export const originField = (fallback: string) =>
  textField(fallback).pipe(
    z.string().regex(/^(\*|https?:\/\/[^/\s]+)$/, {
      message: "expected * or an origin such as https://chat.example.com",
    }),
  );

export const enumField = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(values))
    .optional()
    .transform((v) => v ?? fallback);

export const secretField = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === "" ? undefined : new Secret(v)));

/** A comma-separated list of names; blanks are ignored. */
export const textListField = () =>
  z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );

/** A comma-separated list of secrets (API keys); blanks are ignored. */
export const secretListField = () => textListField().transform((names) => names.map((s) => new Secret(s)));
