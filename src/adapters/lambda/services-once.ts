import { type LoadedSettings, loadSettings } from "../../common/settings/load.js";

/** Builds a function's services. */
export type ServicesFactory<S> = () => Promise<S>;

/**
 * The services of one Lambda cold start: settings read (Parameter Store included) and clients built
 * on the first invocation, then shared by every invocation of that instance. A failure is not kept:
 * the next invocation tries again (a throttled Parameter Store read may pass a moment later).
 */
export function servicesOnce<S>(build: (loaded: LoadedSettings) => S): ServicesFactory<S> {
  let services: Promise<S> | undefined;
  return () => {
    services ??= loadSettings()
      .then(build)
      .catch((error: unknown) => {
        services = undefined;
        throw error;
      });
    return services;
  };
}
