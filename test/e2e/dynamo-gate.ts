import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Where a held call stops: before DynamoDB sees it, or after it was applied, its answer held back. */
export type HoldPoint = "before" | "after";

export interface DynamoGate {
  /** The endpoint to give a DynamoDB client instead of the database's. */
  url: string;
  /** DynamoDB operations (PutItem, UpdateItem...) as they passed, in order. */
  readonly calls: string[];
  /**
   * Holds the next call of `operation` on `table` at `point`, for good: the process that made it is
   * meant to be killed while it waits. Resolves once the call is held.
   */
  hold(operation: string, table: string, point: HoldPoint): Promise<void>;
  close(): Promise<void>;
}

function operationOf(request: IncomingMessage): string {
  return String(request.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
}

/**
 * A pass-through proxy in front of a DynamoDB endpoint that can stop one call, so a test can kill the
 * process that made it at exactly that point of a write.
 */
export async function startDynamoGate(target: string): Promise<DynamoGate> {
  const calls: string[] = [];
  let pending: { operation: string; table: string; point: HoldPoint; held: () => void } | undefined;

  /** Passes a call on; `applied`, when given, is told of its answer instead of the caller. */
  const forward = (
    request: IncomingMessage,
    body: Buffer,
    response: ServerResponse,
    applied?: () => void,
  ) => {
    const upstream = httpRequest(
      new URL(request.url ?? "/", target),
      { method: request.method, headers: request.headers },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on("data", (part: Buffer) => parts.push(part));
        answer.on("end", () => {
          if (applied) return applied();
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          response.end(Buffer.concat(parts));
        });
      },
    );
    upstream.on("error", () => response.destroy());
    upstream.end(body);
  };

  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => {
      const operation = operationOf(request);
      const body = Buffer.concat(parts);
      calls.push(operation);
      const table = (JSON.parse(body.toString("utf8") || "{}") as { TableName?: string }).TableName;
      const held = pending?.operation === operation && pending.table === table ? pending : undefined;
      if (held) pending = undefined;
      if (held?.point === "before") return held.held();
      forward(request, body, response, held?.held);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    hold: (operation, table, point) =>
      new Promise<void>((resolve) => {
        pending = { operation, table, point, held: resolve };
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
