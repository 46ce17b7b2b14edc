/**
 * The local server's access log on standard output. Lines are gathered and written once per turn of
 * the event loop: under load that is one write for many requests instead of one each, as a write per
 * request costs throughput (docs/architecture.md). A line still appears as soon as the requests
 * finishing in the same turn are done.
 */
export class AccessLog {
  readonly #write: (text: string) => void;
  #pending: string[] = [];
  #scheduled: NodeJS.Immediate | undefined;

  constructor(write: (text: string) => void = (text) => process.stdout.write(text)) {
    this.#write = write;
  }

  readonly line = (line: string): void => {
    this.#pending.push(line);
    this.#scheduled ??= setImmediate(this.flush);
  };

  /** Writes what is gathered now: at the end of each turn, and when the server closes. */
  readonly flush = (): void => {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    if (this.#pending.length === 0) return;
    const text = `${this.#pending.join("\n")}\n`;
    this.#pending = [];
    this.#write(text);
  };
}
