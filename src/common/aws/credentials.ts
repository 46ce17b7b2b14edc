/** What signs a request: a role's keys, and the session token that temporary ones come with. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The credentials Lambda gives a function (its role's, as environment variables). Only the
 * environment is read: the SDK's provider chain (profiles, SSO, instance metadata) is what these
 * hand-made clients leave out to stay small, so `advice` says what to do where the variables are unset.
 */
export function credentialsFrom(env: Record<string, string | undefined>, advice: string): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey)
    throw new Error(
      `no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); ${advice}`,
    );
  return {
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}
