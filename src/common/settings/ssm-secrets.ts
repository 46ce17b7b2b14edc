import { MisconfiguredError } from "../errors.js";
import { SECRET_SETTINGS } from "./schema.js";
import { getParameters } from "./ssm-client.js";

/**
 * Secrets deployed to AWS live in SSM Parameter Store, never in a function's environment: Terraform
 * sets `<SETTING>_PARAMETER` to the parameter's name and the value is read (decrypted) here, once per
 * cold start, as the settings are loaded.
 */

const PARAMETER_SUFFIX = "_PARAMETER";

/** Setting name -> parameter name, for every secret setting the environment points at a parameter. */
export function secretParameterNames(env: Record<string, string | undefined>): Map<string, string> {
  const names = new Map<string, string>();
  for (const setting of SECRET_SETTINGS) {
    const parameter = env[`${setting}${PARAMETER_SUFFIX}`]?.trim();
    if (parameter) names.set(setting, parameter);
  }
  return names;
}

export class SecretParameterError extends MisconfiguredError {
  override readonly name = "SecretParameterError";
}

/** The secret settings read from Parameter Store; empty, without touching AWS, when none is configured. */
export async function readSecretParameters(
  env: Record<string, string | undefined>,
): Promise<Record<string, string>> {
  const wanted = secretParameterNames(env);
  if (wanted.size === 0) return {};
  const names = [...new Set(wanted.values())];
  let output: Awaited<ReturnType<typeof getParameters>>;
  try {
    output = await getParameters(names, env);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new SecretParameterError(`Cannot read SSM parameters ${names.join(", ")}: ${reason}`);
  }
  if (output.InvalidParameters.length > 0) {
    throw new SecretParameterError(`SSM parameters not found: ${output.InvalidParameters.join(", ")}`);
  }
  const values = new Map(output.Parameters.map((p) => [p.Name, p.Value]));
  const secrets: Record<string, string> = {};
  for (const [setting, parameter] of wanted) {
    const value = values.get(parameter);
    if (value === undefined)
      throw new SecretParameterError(
        `SSM parameter ${parameter} (${setting}${PARAMETER_SUFFIX}) has no value`,
      );
    secrets[setting] = value;
  }
  return secrets;
}
