import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import { ZipFile } from "yazl";

/** One file of a package: its path inside the zip and its bytes. */
export interface ZipEntry {
  path: string;
  data: Uint8Array;
}

// Built from local-time fields, as DOS timestamps are: the same bytes in every time zone.
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

/**
 * Writes a reproducible zip: entries sorted by path, one fixed timestamp and mode, no extended
 * timestamp field, so the same entries always give the same bytes (and the same source_code_hash).
 */
export async function writeReproducibleZip(file: string, entries: ZipEntry[]): Promise<number> {
  const zip = new ZipFile();
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const entry of sorted) {
    zip.addBuffer(Buffer.from(entry.data), entry.path, {
      mtime: FIXED_MTIME,
      mode: 0o100644,
      compress: true,
      compressionLevel: 9,
      forceDosTimestamp: true,
    });
  }
  zip.end();
  await mkdir(dirname(file), { recursive: true });
  let size = 0;
  zip.outputStream.on("data", (chunk: Buffer) => {
    size += chunk.length;
  });
  await pipeline(zip.outputStream, createWriteStream(file));
  return size;
}
