import { createServer, request as forward, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback proxy in front of a real service (the local S3): each request is recorded, then
 * answered by the next scripted reply if there is one, else forwarded unchanged (host header
 * included, so signatures still check out at the service).
 */

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface ProxiedRequest {
  method: string;
  /** With the query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
}

export interface ScriptedProxy {
  url: string;
  /** Every request, in order. */
  requests: ProxiedRequest[];
  script(...answers: ScriptedAnswer[]): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startScriptedProxy(target: string): Promise<ScriptedProxy> {
  const requests: ProxiedRequest[] = [];
  const scripted: ScriptedAnswer[] = [];
  const upstream = new URL(target);
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers });
    const answer = scripted.shift();
    if (answer) {
      request.resume();
      response.writeHead(answer.status, answer.headers ?? {}).end(answer.body);
      return;
    }
    const proxied = forward(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    request.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...answers) => {
      scripted.push(...answers);
    },
    reset: () => {
      requests.length = 0;
      scripted.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
