/** One server-sent event: its name (when it has one) and its data lines joined. */
export interface ServerSentEvent {
  event?: string;
  data: string;
}

/** Parses one event block (the lines between blank lines); comments and unknown fields are skipped. */
function parseBlock(block: string): ServerSentEvent | undefined {
  let name: string | undefined;
  const data: string[] = [];
  for (const line of block.split(/\r\n|\r|\n/)) {
    const colon = line.indexOf(":");
    if (colon === 0) continue;
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  }
  if (data.length === 0) return undefined;
  return name === undefined ? { data: data.join("\n") } : { event: name, data: data.join("\n") };
}

const BLOCK_END = /\r\n\r\n|\n\n|\r\r/;

/**
 * The events of a text/event-stream body as they arrive, whatever the network's chunking: a block
 * is parsed once its blank line has come. `onBytes` hears of every piece (to keep a timeout alive).
 */
export async function* serverSentEvents(
  body: ReadableStream<Uint8Array>,
  onBytes: () => void = () => {},
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  try {
    for (let step = await reader.read(); !step.done; step = await reader.read()) {
      onBytes();
      pending += decoder.decode(step.value, { stream: true });
      for (let end = pending.search(BLOCK_END); end >= 0; end = pending.search(BLOCK_END)) {
        const separator = pending.slice(end).match(BLOCK_END)?.[0] ?? "\n\n";
        const event = parseBlock(pending.slice(0, end));
        pending = pending.slice(end + separator.length);
        if (event) yield event;
      }
    }
  } finally {
    reader.releaseLock();
  }
}
