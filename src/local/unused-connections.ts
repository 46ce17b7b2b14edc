import type { Server } from "node:http";
import type { Socket } from "node:net";

const unusedByServer = new WeakMap<Server, Set<Socket>>();

/**
 * Tracks the connections of a server that have not carried a request yet. HTTP clients open spare
 * connections (undici does after a cancelled body; browsers preconnect); `closeIdleConnections` does
 * not count those as idle, so they would hold a graceful shutdown open until the client hangs up.
 */
export function trackUnusedConnections(server: Server): void {
  const unused = new Set<Socket>();
  unusedByServer.set(server, unused);
  server.on("connection", (socket: Socket) => {
    unused.add(socket);
    socket.once("close", () => unused.delete(socket));
  });
  server.on("request", (request: { socket: Socket }) => unused.delete(request.socket));
}

/** Closes the connections that never carried a request: nothing is in flight on them. */
export function closeUnusedConnections(server: Server): void {
  for (const socket of unusedByServer.get(server) ?? []) socket.destroy();
}
