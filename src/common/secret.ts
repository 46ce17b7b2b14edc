import { inspect } from "node:util";

const MASK = "********";

/** Every secret value this process holds, so text from elsewhere (an upstream error) can be scrubbed. */
const knownSecretValues = new Set<string>();
/** Shorter values would match ordinary words; no real key is this short. */
const MIN_REDACTED_LENGTH = 6;

/**
 * A value that must never reach a log line, an error or a response. Its string, JSON and
 * `util.inspect` forms are all masked; only `reveal()` gives the real value, so every place that
 * uses a secret says so in the code.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    rememberSecretValue(value);
  }

  reveal(): string {
    return this.#value;
  }

  /** Constant-time comparison, so a caller cannot learn a key byte by byte from response times. */
  equals(candidate: string): boolean {
    return constantTimeEqual(this.#value, candidate);
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return `Secret(${MASK})`;
  }
}

export function constantTimeEqual(expected: string, candidate: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(candidate, "utf8");
  // Compare against itself on a length mismatch so the work done does not depend on where they differ.
  const same = a.length === b.length;
  const right = same ? b : a;
  let diff = same ? 0 : 1;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}

export const SECRET_MASK = MASK;

/** Query parameters whose value is a credential by their name (api_key, access_token, sig, ...). */
export const SECRET_PARAM_NAME = /(key|token|secret|password|passwd|pwd|auth|signature|sig|credential)/i;

/** A secret that is part of a larger value (a URL setting's password): scrubbed from text like any other. */
export function rememberSecretValue(value: string): void {
  if (value.length >= MIN_REDACTED_LENGTH) knownSecretValues.add(value);
}

/** `scheme://user:password@`: the password of any URL quoted in text, however short. */
const URL_USERINFO_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)[^\s/?#@]+@/gi;
/** `?api_key=...` or `&sig=...` in any URL quoted in text. */
const URL_SECRET_QUERY = /([?&]([^\s=&#]+)=)[^\s&#"'<>]+/g;

/**
 * Replaces every known secret value in `text` by the mask, and the passwords and credential-named
 * query values of any URL in it: for text we did not write ourselves (an upstream error, a stack).
 */
export function redactSecrets(text: string): string {
  let redacted = text;
  for (const value of knownSecretValues)
    if (redacted.includes(value)) redacted = redacted.split(value).join(MASK);
  return redacted
    .replace(URL_USERINFO_PASSWORD, `$1${MASK}@`)
    .replace(URL_SECRET_QUERY, (whole, prefix: string, name: string) =>
      SECRET_PARAM_NAME.test(name) ? `${prefix}${MASK}` : whole,
    );
}
