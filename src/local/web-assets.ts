import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { acceptedEncodings } from "./content-encoding.js";

/** Where `npm run build` puts the web UI; the same path from src/local (tests) and dist/local (npm start). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../dist/web/", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

// Vite names everything under assets/ by content hash, so a new build never reuses a URL.
const HASHED_ASSETS_PREFIX = "/assets/";
const IMMUTABLE = "public, max-age=31536000, immutable";

// The page talks to whatever API base URL its settings name, so connect-src stays open; nothing else may
// come from elsewhere, which keeps injected markup in model answers inert.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src *",
  "img-src 'self' data: https:",
  "script-src 'self'",
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join("; ");

type Fallback = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/**
 * Serves the built single-page app for GET requests no API route matched: files from `root`, and
 * index.html for `/` and for pages a browser asks for (client-side routes). Answers false, leaving the
 * API's 404, for anything else and for paths that try to leave `root`.
 */
export function webAssets(root: string = DEFAULT_WEB_ROOT): Fallback {
  const rootDir = resolve(root);
  return async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    const pathname = decodedPath(request.url ?? "/");
    if (pathname === undefined) return false;

    const file = insideRoot(rootDir, pathname);
    if (file === undefined) return false;
    if (await isFile(file)) {
      await sendFile(
        request,
        response,
        file,
        pathname.startsWith(HASHED_ASSETS_PREFIX) ? IMMUTABLE : "no-cache",
      );
      return true;
    }
    if (!wantsPage(request, pathname)) return false;
    const index = resolve(rootDir, "index.html");
    if (!(await isFile(index))) return false;
    await sendFile(request, response, index, "no-cache");
    return true;
  };
}

/**
 * `/` is always the page; other unknown paths only for a browser navigating (Accept: text/html) to an
 * extension-less path, so API clients with a mistyped route still get the API's JSON 404.
 */
function wantsPage(request: IncomingMessage, pathname: string): boolean {
  if (pathname === "/") return true;
  return extname(pathname) === "" && (request.headers.accept ?? "").includes("text/html");
}

function decodedPath(url: string): string | undefined {
  try {
    const pathname = decodeURIComponent(new URL(url, "http://localhost").pathname);
    return pathname.includes("\0") ? undefined : pathname;
  } catch {
    return undefined;
  }
}

/** The file a path names, or undefined when it would resolve outside root (`..`, encoded or not). */
function insideRoot(rootDir: string, pathname: string): string | undefined {
  const file = resolve(rootDir, `.${pathname}`);
  return file === rootDir || file.startsWith(rootDir + sep) ? file : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function sendFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: string,
  cacheControl: string,
) {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
  const { body, encoding } = await bestVariant(file, request.headers["accept-encoding"]);
  const headers: Record<string, string | number> = {
    "Content-Type": type,
    "Content-Length": body.byteLength,
    "Cache-Control": cacheControl,
    "X-Content-Type-Options": "nosniff",
    Vary: "Accept-Encoding",
  };
  if (encoding !== undefined) headers["Content-Encoding"] = encoding;
  if (type.startsWith("text/html")) {
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY;
    headers["Referrer-Policy"] = "no-referrer";
  }
  response.writeHead(200, headers);
  response.end(request.method === "HEAD" ? undefined : body);
}

/** The build's precompressed copy the client accepts (brotli before gzip), else the file itself. */
async function bestVariant(
  file: string,
  acceptEncoding: string | undefined,
): Promise<{ body: Buffer; encoding?: string }> {
  for (const { encoding, suffix } of acceptedEncodings(acceptEncoding)) {
    if (await isFile(file + suffix)) return { body: await readFile(file + suffix), encoding };
  }
  return { body: await readFile(file) };
}
