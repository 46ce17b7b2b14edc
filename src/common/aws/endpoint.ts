/** The endpoint override the AWS SDKs honour: AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL. */
export function endpointOverride(
  serviceEnvName: string,
  env: Record<string, string | undefined>,
): URL | undefined {
  const override = env[`AWS_ENDPOINT_URL_${serviceEnvName}`] ?? env.AWS_ENDPOINT_URL;
  return override ? new URL(override) : undefined;
}

/** A service's public endpoint in a region. */
export function awsEndpoint(hostPrefix: string, region: string): URL {
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return new URL(`https://${hostPrefix}.${region}.${suffix}/`);
}
