import { Secret } from "../secret.js";
import { rememberUrlSecrets } from "../url-secrets.js";
import * as z from "../zod.js";

/** Environment values are strings; these turn them into typed values with messages a person can act on. */

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off", ""]);

const trimmed = () => z.string().check(z.trim());

export const booleanField = (fallback: boolean) =>
  z.pipe(
    z.optional(
      z.pipe(
        trimmed().check(
          z.toLowerCase(),
          z.refine((v) => TRUE.has(v) || FALSE.has(v), { message: "expected true or false" }),
        ),
        z.transform((v) => TRUE.has(v)),
      ),
    ),
    z.transform((v) => v ?? fallback),
  );

/** Text that must match `pattern`, as the number it spells, within `min` and `max`. */
const numeric = (pattern: RegExp, message: string, fallback: number, min: number, max: number) =>
  z.pipe(
    z.optional(
      z.pipe(
        z.pipe(trimmed().check(z.regex(pattern, { message })), z.transform(Number)),
        z.number().check(z.gte(min), z.lte(max)),
      ),
    ),
    z.transform((v) => v ?? fallback),
  );

export const integerField = (fallback: number, min: number, max: number) =>
  numeric(/^-?\d+$/, "expected a whole number", fallback, min, max);

export const numberField = (fallback: number, min: number, max: number) =>
  numeric(/^-?\d+(\.\d+)?$/, "expected a number", fallback, min, max);

/** The trimmed text, or `fallback` when it is unset or empty. */
const textOr = <T>(fallback: T) =>
  z.pipe(
    z.optional(trimmed()),
    z.transform((v) => (v === undefined || v === "" ? fallback : v)),
  );

export const textField = (fallback: string) => textOr(fallback);

export const optionalTextField = () => textOr(undefined);

const HTTP_URL = { protocol: /^https?$/, message: "expected an http(s) URL" };

export const optionalUrlField = () =>
  z.pipe(
    z.pipe(textOr(undefined), z.optional(z.url(HTTP_URL))),
    z.transform((url) => {
      if (url) rememberUrlSecrets(url);
      return url;
    }),
  );

export const urlField = (fallback: string) =>
  z.pipe(
    z.pipe(textOr(fallback), z.url(HTTP_URL)),
    z.transform((url) => {
      rememberUrlSecrets(url);
      return url;
    }),
  );

/** `*` or one browser origin (scheme and host, no path), as Access-Control-Allow-Origin takes it. */
export const originField = (fallback: string) =>
  z.pipe(
    textField(fallback),
    z.string().check(
      z.regex(/^(\*|https?:\/\/[^/\s]+)$/, {
        message: "expected * or an origin such as https://chat.example.com",
      }),
    ),
  );

export const enumField = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.pipe(
    z.optional(z.pipe(trimmed().check(z.toUpperCase()), z.enum(values))),
    z.transform((v) => v ?? fallback),
  );

export const secretField = () =>
  z.pipe(
    z.optional(trimmed()),
    z.transform((v) => (v === undefined || v === "" ? undefined : new Secret(v))),
  );

/** A comma-separated list of names; blanks are ignored. */
export const textListField = () =>
  z.pipe(
    z.optional(z.string()),
    z.transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
  );

/** A comma-separated list of secrets (API keys); blanks are ignored. */
export const secretListField = () =>
  z.pipe(
    textListField(),
    z.transform((names) => names.map((s) => new Secret(s))),
  );
