import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sigv4Valid } from "./sigv4-check.js";

/**
 * A loopback stand-in for the AWS endpoints (AWS_ENDPOINT_URL points every SDK client here): it serves
 * SSM GetParameters from a map, passes DynamoDB calls on to a local DynamoDB when given one, and
 * refuses everything else with an AWS-style error, recording each call.
 * Replies scripted with `script` come first, one per request, to play the faults of a real endpoint.
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

/** One request's fate instead of the normal answer. */
export type ScriptedReply =
  | { kind: "answer"; status: number; headers: Record<string, string>; body: string }
  /** Never answers: the caller's timeout has to end the wait. */
  | { kind: "hang" }
  /** Drops the connection with a TCP reset before any answer. */
  | { kind: "reset" }
  /** The normal answer with its body cut after `bytes` bytes yet sent as complete, as a broken proxy might. */
  | { kind: "truncate"; bytes: number }
  /** The normal answer, `ms` late: a slow endpoint. */
  | { kind: "delay"; ms: number };

const awsError = (status: number, type: string, message: string): ScriptedReply => ({
  kind: "answer",
  status,
  headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": type },
  body: JSON.stringify({ __type: type, message }),
});

/** The faults a real SSM endpoint, or a proxy in front of it, answers with. */
export const faults = {
  throttling: () => awsError(400, "ThrottlingException", "Rate exceeded"),
  tooManyRequests: (): ScriptedReply => ({ kind: "answer", status: 429, headers: {}, body: "" }),
  internalError: () => awsError(500, "InternalServerError", "An internal error occurred"),
  accessDenied: () =>
    awsError(
      400,
      "AccessDeniedException",
      "User: arn:aws:sts::123456789012:assumed-role/fn/fn is not authorized to perform: ssm:GetParameters",
    ),
  htmlBadGateway: (): ScriptedReply => ({
    kind: "answer",
    status: 502,
    headers: { "content-type": "text/html" },
    body: `<html>\n<head><title>502 Bad Gateway</title></head>\n<body>${"<p>upstream unavailable</p>".repeat(100)}</body>\n</html>`,
  }),
  hang: (): ScriptedReply => ({ kind: "hang" }),
  reset: (): ScriptedReply => ({ kind: "reset" }),
  truncate: (bytes: number): ScriptedReply => ({ kind: "truncate", bytes }),
  delay: (ms: number): ScriptedReply => ({ kind: "delay", ms }),
};

export interface FakeAws {
  url: string;
  calls: FakeAwsCall[];
  /** Every request received since the last `reset`, scripted or not. */
  readonly requestCount: number;
  /** Queues replies for the next requests, in order; the normal answers resume once they are spent. */
  script(...replies: ScriptedReply[]): void;
  /** Forgets the calls and any reply still scripted. */
  reset(): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const DYNAMODB_TARGET_PREFIX = "DynamoDB_20120810.";

/** The signed headers a local DynamoDB wants to see (it checks no signature: this server does). */
const FORWARDED_HEADERS = [
  "authorization",
  "content-type",
  "x-amz-date",
  "x-amz-security-token",
  "x-amz-target",
];

async function forwarded(call: FakeAwsCall, dynamoDb: string): Promise<Answer> {
  const headers = FORWARDED_HEADERS.flatMap((name) => {
    const value = call.headers[name];
    return typeof value === "string" ? [[name, value] as [string, string]] : [];
  });
  const answer = await fetch(dynamoDb, { method: "POST", headers, body: call.body });
  return {
    status: answer.status,
    headers: { "content-type": answer.headers.get("content-type") ?? "application/x-amz-json-1.0" },
    body: await answer.text(),
  };
}

function normalAnswer({ target, path, body }: FakeAwsCall, parameters: Record<string, string>): Answer {
  if (target === "AmazonSSM.GetParameters") {
    const { Names } = JSON.parse(body) as { Names: string[] };
    const found = Names.filter((name) => name in parameters);
    return {
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: JSON.stringify({
        Parameters: found.map((Name) => ({
          Name,
          Type: "SecureString",
          Value: parameters[Name],
          Version: 1,
        })),
        InvalidParameters: Names.filter((name) => !(name in parameters)),
      }),
    };
  }
  return {
    status: 403,
    headers: { "content-type": "application/json", "x-amzn-errortype": "AccessDeniedException" },
    body: JSON.stringify({
      __type: "AccessDeniedException",
      message: `fake AWS does not serve ${target || path}`,
    }),
  };
}

const EMPTY_ANSWER: Answer = { status: 200, headers: {}, body: "" };

function send({ status, headers, body }: Answer, response: ServerResponse): void {
  response.writeHead(status, headers).end(body);
}

function play(reply: ScriptedReply, answer: Answer, response: ServerResponse): void {
  switch (reply.kind) {
    case "answer":
      send(reply, response);
      return;
    case "hang":
      return;
    case "reset":
      response.socket?.resetAndDestroy();
      return;
    case "truncate":
      send({ ...answer, body: Buffer.from(answer.body).subarray(0, reply.bytes).toString("utf8") }, response);
      return;
    case "delay":
      setTimeout(() => send(answer, response), reply.ms);
      return;
  }
}

/**
 * `parameters` are the SSM parameters it serves; `secretAccessKey` is the key the callers must sign
 * with (their access key id does not matter); `dynamoDb` the local DynamoDB's URL, if any.
 */
export async function startFakeAws(
  parameters: Record<string, string>,
  secretAccessKey: string,
  { dynamoDb }: { dynamoDb?: string } = {},
): Promise<FakeAws> {
  const calls: FakeAwsCall[] = [];
  const scripted: ScriptedReply[] = [];
  const server = createServer((request, response) => {
    readBody(request).then(async (body) => {
      const target = String(request.headers["x-amz-target"] ?? "");
      const received = {
        headers: request.headers,
        method: request.method ?? "",
        path: request.url ?? "",
        body,
      };
      const call = { ...received, target, signatureValid: sigv4Valid(received, secretAccessKey) };
      calls.push(call);
      const reply = scripted.shift();
      // A scripted fault stands for a call the service never carried out, except a cut or late answer's.
      if (reply && reply.kind !== "truncate" && reply.kind !== "delay") {
        play(reply, EMPTY_ANSWER, response);
        return;
      }
      const answer =
        dynamoDb && target.startsWith(DYNAMODB_TARGET_PREFIX)
          ? await forwarded(call, dynamoDb)
          : normalAnswer(call, parameters);
      if (reply) play(reply, answer, response);
      else send(answer, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    get requestCount() {
      return calls.length;
    },
    script: (...replies) => {
      scripted.push(...replies);
    },
    reset: () => {
      calls.length = 0;
      scripted.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
