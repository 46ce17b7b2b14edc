import { request } from "undici";

export interface Timing {
  /** Milliseconds to the first byte of the body. */
  firstByte: number;
  /** Milliseconds to the first byte that carries answer text (`"content":"` with something in it). */
  firstText: number;
  total: number;
}

const TEXT_DELTA = /"content":"[^"]/;

/** POSTs a JSON body and times the answer's first byte, first text and end. */
export async function timedPost(url: string, body: unknown): Promise<Timing> {
  const started = performance.now();
  const response = await request(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
  let firstByte = Number.NaN;
  let firstText = Number.NaN;
  for await (const chunk of response.body) {
    const now = performance.now() - started;
    if (Number.isNaN(firstByte)) firstByte = now;
    if (Number.isNaN(firstText) && TEXT_DELTA.test((chunk as Buffer).toString("utf8"))) firstText = now;
  }
  return { firstByte, firstText, total: performance.now() - started };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
