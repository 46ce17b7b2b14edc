import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { sigv4Valid } from "./sigv4-check.js";

/**
 * A loopback stand-in for the AWS endpoints (AWS_ENDPOINT_URL points every SDK client here): it serves
 * SSM GetParameters from a map and refuses everything else with an AWS-style error, recording each call.
 */

export interface FakeAwsCall {
  target: string;
  headers: Record<string, string | string[] | undefined>;
  /** Whether the SigV4 signature checks out against the secret key given at start. */
  signatureValid: boolean;
  method: string;
  path: string;
  body: string;
}

export interface FakeAws {
  url: string;
  calls: FakeAwsCall[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * `parameters` are the SSM parameters it serves; `secretAccessKey` is the key the callers must sign
 * with (their access key id does not matter).
 */
export async function startFakeAws(
  parameters: Record<string, string>,
  secretAccessKey: string,
): Promise<FakeAws> {
  const calls: FakeAwsCall[] = [];
  const server = createServer((request, response) => {
    readBody(request).then((body) => {
      const target = String(request.headers["x-amz-target"] ?? "");
      const call = { headers: request.headers, method: request.method ?? "", path: request.url ?? "", body };
      calls.push({ ...call, target, signatureValid: sigv4Valid(call, secretAccessKey) });
      if (target === "AmazonSSM.GetParameters") {
        const { Names } = JSON.parse(body) as { Names: string[] };
        const found = Names.filter((name) => name in parameters);
        response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        response.end(
          JSON.stringify({
            Parameters: found.map((Name) => ({
              Name,
              Type: "SecureString",
              Value: parameters[Name],
              Version: 1,
            })),
            InvalidParameters: Names.filter((name) => !(name in parameters)),
          }),
        );
        return;
      }
      response.writeHead(403, {
        "content-type": "application/json",
        "x-amzn-errortype": "AccessDeniedException",
      });
      response.end(
        JSON.stringify({
          __type: "AccessDeniedException",
          message: `fake AWS does not serve ${target || request.url}`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
