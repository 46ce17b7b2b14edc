import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
import { answerCpuQueries } from "../support/cpu-report.js";

/**
 * Bench child: the thinnest possible gateway, a reverse proxy that hands each request to the
 * upstream over a keep-alive undici pool and copies the answer back. The limit we measure against.
 */
const upstream = new URL(process.argv[2] ?? "");
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 256 });

const server = createServer(async (req, res) => {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const answer = await request(new URL("/v1/chat/completions", upstream), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.concat(chunks),
      dispatcher: agent,
    });
    res.writeHead(answer.statusCode, { "content-type": "application/json" });
    res.end(Buffer.from(await answer.body.arrayBuffer()));
  } catch {
    res.writeHead(502).end();
  }
});
server.keepAliveTimeout = 65_000;
answerCpuQueries();
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
