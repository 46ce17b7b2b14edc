import { rememberSecretValue, SECRET_MASK, SECRET_PARAM_NAME } from "./secret.js";

function parsedUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * `url` with its userinfo password and credential-named query values masked, for any place a URL
 * setting is printed, logged or returned. Text that is not an absolute URL comes back unchanged.
 */
export function maskUrlSecrets(url: string): string {
  const parsed = parsedUrl(url);
  if (!parsed) return url;
  let changed = false;
  if (parsed.password) {
    parsed.password = SECRET_MASK;
    changed = true;
  }
  for (const name of [...parsed.searchParams.keys()])
    if (SECRET_PARAM_NAME.test(name)) {
      parsed.searchParams.set(name, SECRET_MASK);
      changed = true;
    }
  return changed ? parsed.toString() : url;
}

function decodedOrSelf(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Makes the secrets inside a URL setting (its password, credential-named query values) known to the
 * scrubbing of logs and errors, as written and percent-decoded: an upstream may quote either.
 */
export function rememberUrlSecrets(url: string): void {
  const parsed = parsedUrl(url);
  if (!parsed) return;
  const values = [...parsed.searchParams]
    .filter(([name]) => SECRET_PARAM_NAME.test(name))
    .map(([, value]) => value);
  if (parsed.password) values.push(parsed.password, decodedOrSelf(parsed.password));
  for (const value of values) rememberSecretValue(value);
}

/** A settings dump with every string value passed through `maskUrlSecrets`. */
export function maskUrlSecretsIn(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      typeof value === "string" ? maskUrlSecrets(value) : value,
    ]),
  );
}
