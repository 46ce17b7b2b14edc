import { SECRET_MASK } from "./secret.js";

/** Query parameters whose value is a credential by their name (api_key, access_token, sig, ...). */
const SECRET_PARAM = /(key|token|secret|password|passwd|pwd|auth|signature|sig|credential)/i;

/**
 * `url` with its userinfo password and credential-named query values masked, for any place a URL
 * setting is printed, logged or returned. Text that is not an absolute URL comes back unchanged.
 */
export function maskUrlSecrets(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  if (parsed.password) {
    parsed.password = SECRET_MASK;
    changed = true;
  }
  for (const name of [...parsed.searchParams.keys()])
    if (SECRET_PARAM.test(name)) {
      parsed.searchParams.set(name, SECRET_MASK);
      changed = true;
    }
  return changed ? parsed.toString() : url;
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
