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

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export const isLoopback = (endpoint: URL): boolean => LOOPBACK_HOSTS.has(endpoint.hostname);

/**
 * An emulator on this machine accepts any credentials; handing it fixed ones keeps a client from
 * searching for real ones (the SDK's chain would end at the EC2 metadata service over the network).
 */
export const EMULATOR_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;
