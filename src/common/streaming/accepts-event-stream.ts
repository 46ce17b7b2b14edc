const EVENT_STREAM = "text/event-stream";

/** True when an Accept header lists text/event-stream with a non-zero quality (`*` ranges do not count). */
export function acceptsEventStream(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((range) => {
    const [type, ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    if (type !== EVENT_STREAM) return false;
    const quality = params.find((param) => param.startsWith("q="));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}
