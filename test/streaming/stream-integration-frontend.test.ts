import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  INTEGRATION_CONTENT_TYPE,
  type ResponseHead,
  StreamIntegrationFrontend,
} from "../../src/local/awslambda/stream-integration-frontend.js";
import { recordingSink } from "../support/streaming-entry.js";

/** Feeds bytes to a frontend cut at the given offsets, as a stream may deliver them. */
async function decode(bytes: Buffer, cuts: number[], contentType = INTEGRATION_CONTENT_TYPE) {
  const { sink, view } = recordingSink();
  const frontend = new StreamIntegrationFrontend(sink);
  const bounds = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = bytes.subarray(bounds[i], bounds[i + 1]);
    if (piece.length > 0) await frontend.receive(piece, contentType);
  }
  frontend.finish();
  return view;
}

const headArbitrary: fc.Arbitrary<ResponseHead> = fc.record({
  statusCode: fc.integer({ min: 100, max: 599 }),
  headers: fc.dictionary(
    fc.stringMatching(/^[a-z][a-z-]{0,20}$/),
    fc.string({ unit: "binary", maxLength: 40 }),
  ),
  cookies: fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }),
});

describe("the STREAM integration's reading of an HTTP integration response", () => {
  it("finds the same head and body wherever the stream was cut", async () => {
    await fc.assert(
      fc.asyncProperty(
        headArbitrary,
        fc.string({ unit: "grapheme", maxLength: 200 }),
        fc.array(fc.nat({ max: 400 }), { maxLength: 8 }),
        async (head, body, cuts) => {
          const bytes = Buffer.concat([
            Buffer.from(JSON.stringify(head)),
            Buffer.alloc(8),
            Buffer.from(body),
          ]);
          const view = await decode(
            bytes,
            cuts.map((cut) => cut % (bytes.length + 1)),
          );
          expect(view.head).toEqual(head);
          expect(view.body).toBe(body);
          expect(view.ended).toBe(true);
        },
      ),
    );
  });

  it("takes a body with NUL bytes of its own after the first delimiter", async () => {
    const body = Buffer.concat([Buffer.from("a"), Buffer.alloc(12), Buffer.from("b")]);
    const bytes = Buffer.concat([Buffer.from('{"statusCode":201}'), Buffer.alloc(8), body]);
    const view = await decode(bytes, [3, 20]);
    expect(view.head).toEqual({ statusCode: 201, headers: {}, cookies: [] });
    expect(Buffer.from(view.body)).toEqual(body);
  });

  it("answers 502 for a prelude that is not JSON, or that never ends", async () => {
    const bad = await decode(Buffer.concat([Buffer.from("{oops"), Buffer.alloc(8), Buffer.from("x")]), []);
    expect(bad.head?.statusCode).toBe(502);
    const unfinished = await decode(Buffer.from('{"statusCode":200'), []);
    expect(unfinished.head?.statusCode).toBe(502);
  });

  it("passes a stream of another content type through as a 200 of that type", async () => {
    const view = await decode(Buffer.from("plain text"), [5], "text/plain");
    expect(view.head).toEqual({ statusCode: 200, headers: { "content-type": "text/plain" }, cookies: [] });
    expect(view.body).toBe("plain text");
  });
});
