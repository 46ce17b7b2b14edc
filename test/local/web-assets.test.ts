import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompressWebAssets } from "../../scripts/web-precompress.js";
import { webAssets } from "../../src/local/web-assets.js";
import { emptyDir } from "../support/settings.js";

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Bytes on the wire, before any Content-Encoding is undone. */
  bytes: number;
}

function decoded(raw: Buffer, encoding: string | undefined): Buffer {
  if (encoding === "br") return brotliDecompressSync(raw);
  if (encoding === "gzip") return gunzipSync(raw);
  if (encoding === undefined) return raw;
  throw new Error(`unexpected Content-Encoding ${encoding}`);
}

const LARGE_SCRIPT = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word${i}`))};`;

let server: Server;
let port: number;

// The fallback under test, with a plain 404 when it declines, as the API server does.
beforeAll(async () => {
  const parent = emptyDir("web-assets-");
  const root = join(parent, "web");
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<!doctype html><title>app</title>");
  writeFileSync(join(root, "assets", "index-Ab12Cd.js"), "console.log(1)");
  writeFileSync(join(root, "assets", "index-Ef34Gh.css"), "body{}");
  writeFileSync(join(root, "favicon.svg"), "<svg/>");
  writeFileSync(join(root, "assets", "vendor-Ij56Kl.js"), LARGE_SCRIPT);
  writeFileSync(join(parent, "secret.txt"), "outside the web root");
  await precompressWebAssets(root);
  const serve = webAssets(root);
  server = createServer(async (req, res) => {
    if (!(await serve(req, res))) res.writeHead(404).end("declined");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.close();
});

/** Raw request: the path goes out exactly as written, `..` included. */
function get(path: string, method = "GET", accept = "*/*", acceptEncoding?: string): Promise<Answer> {
  const headers: Record<string, string> = { accept };
  if (acceptEncoding !== undefined) headers["accept-encoding"] = acceptEncoding;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers["content-encoding"];
        const body = method === "HEAD" ? raw : decoded(raw, encoding);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: body.toString(),
          bytes: raw.byteLength,
        });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("webAssets", () => {
  it("serves index.html at / with a content security policy, revalidated on every load", async () => {
    const answer = await get("/");
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("<title>app</title>");
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.headers["cache-control"]).toBe("no-cache");
    expect(answer.headers["content-security-policy"]).toContain("script-src 'self'");
  });

  it("serves index.html for client-side paths a browser navigates to", async () => {
    const answer = await get("/apps/default-grammar?x=1", "GET", "text/html,application/xhtml+xml,*/*;q=0.8");
    expect(answer.status).toBe(200);
    expect(answer.body).toContain("<title>app</title>");
  });

  it("leaves unknown paths of API clients to the API's 404", async () => {
    expect((await get("/examples")).status).toBe(404);
    expect((await get("/infos", "GET", "application/json")).status).toBe(404);
  });

  it("serves hashed assets with their type and a long cache", async () => {
    const script = await get("/assets/index-Ab12Cd.js");
    expect(script.body).toBe("console.log(1)");
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(script.headers["x-content-type-options"]).toBe("nosniff");
    const style = await get("/assets/index-Ef34Gh.css");
    expect(style.headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("serves unhashed files without the long cache", async () => {
    const icon = await get("/favicon.svg");
    expect(icon.headers["content-type"]).toBe("image/svg+xml");
    expect(icon.headers["cache-control"]).toBe("no-cache");
  });

  it("answers HEAD without a body", async () => {
    const answer = await get("/favicon.svg", "HEAD");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-length"]).toBe("6");
    expect(answer.body).toBe("");
  });

  it.each([
    ["br", "gzip, deflate, br"],
    ["br", "br;q=0.5, gzip;q=0.4"],
    ["gzip", "gzip, br;q=0"],
    ["gzip", "gzip"],
    ["br", "*"],
    [undefined, "identity"],
    [undefined, "gzip;q=0, br;q=0"],
    [undefined, "*;q=0"],
    [undefined, undefined],
  ])("serves the build's %s copy for Accept-Encoding %s", async (encoding, acceptEncoding) => {
    const answer = await get("/assets/vendor-Ij56Kl.js", "GET", "*/*", acceptEncoding);
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe(encoding);
    expect(answer.headers.vary).toBe("Accept-Encoding");
    expect(answer.body).toBe(LARGE_SCRIPT);
    expect(answer.headers["content-length"]).toBe(String(answer.bytes));
    if (encoding !== undefined) expect(answer.bytes).toBeLessThan(LARGE_SCRIPT.length / 2);
    expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  it("answers HEAD with the same headers as GET, the compressed length included", async () => {
    const [head, full] = await Promise.all([
      get("/assets/vendor-Ij56Kl.js", "HEAD", "*/*", "br"),
      get("/assets/vendor-Ij56Kl.js", "GET", "*/*", "br"),
    ]);
    expect(head.body).toBe("");
    for (const name of ["content-type", "content-length", "content-encoding", "cache-control", "vary"]) {
      expect(head.headers[name]).toBe(full.headers[name]);
    }
  });

  it("leaves files under a kilobyte uncompressed", async () => {
    const answer = await get("/assets/index-Ab12Cd.js", "GET", "*/*", "br, gzip");
    expect(answer.headers["content-encoding"]).toBeUndefined();
    expect(answer.body).toBe("console.log(1)");
  });

  it("declines missing files that have an extension, and other methods", async () => {
    expect((await get("/assets/missing-123.js")).status).toBe(404);
    expect((await get("/robots.txt")).status).toBe(404);
    expect((await get("/", "POST")).status).toBe(404);
  });

  it.each([
    "/../secret.txt",
    "/assets/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/assets/..%2F..%2Fsecret.txt",
    "/%2e%2e%5csecret.txt",
    "/favicon.svg%00.js",
    "/%E0%A4%A",
  ])("never leaves the web root: %s", async (path) => {
    const answer = await get(path);
    expect(answer.body).not.toContain("outside the web root");
    expect(answer.status).toBe(404);
  });
});
