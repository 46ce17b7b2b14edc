import type { APIGatewayProxyEvent } from "aws-lambda";
import type { ProxyHandler } from "../../src/adapters/rest-proxy/handler.js";
import { invokeStreamingHandler } from "../../src/local/awslambda/invoke.js";
import type { HttpSink, ResponseHead } from "../../src/local/awslambda/stream-integration-frontend.js";
import { testContext } from "./lambda-context.js";

/** What the client of a streaming entry received. */
export interface ClientView {
  head: ResponseHead | undefined;
  body: string;
  /** The body so far, each time a piece arrived. */
  pieces: string[];
  ended: boolean;
  cutOff: boolean;
}

export function recordingSink(): { sink: HttpSink; view: ClientView } {
  const view: ClientView = { head: undefined, body: "", pieces: [], ended: false, cutOff: false };
  const received: Buffer[] = [];
  const sink: HttpSink = {
    head: (head) => {
      view.head = head;
    },
    body: async (chunk) => {
      received.push(chunk);
      view.body = Buffer.concat(received).toString("utf8");
      view.pieces.push(view.body);
    },
    end: () => {
      view.ended = true;
    },
    abort: () => {
      view.cutOff = true;
    },
  };
  return { sink, view };
}

/** The client leaving when `signal` aborts. */
export function leaveOnAbort(signal: AbortSignal): (leave: () => void) => void {
  return (leave) => signal.addEventListener("abort", leave, { once: true });
}

/** Invokes a streamified Lambda entry through the runtime stand-in, as API Gateway's STREAM integration would. */
export async function invokeStreamingEntry(
  handler: unknown,
  event: APIGatewayProxyEvent,
  clientGone?: AbortSignal,
): Promise<ClientView> {
  const { sink, view } = recordingSink();
  await invokeStreamingHandler(handler, event, testContext(), sink, clientGone && leaveOnAbort(clientGone));
  return view;
}

/**
 * A streaming entry as its API Gateway client sees a whole answer: the status, headers and body, in
 * the shape of a REST proxy result, so a test reads it as it would read a buffered handler's.
 */
export function wholeAnswers(handler: unknown): ProxyHandler {
  return async (event) => {
    const view = await invokeStreamingEntry(handler, event);
    if (!view.head) throw new Error("the entry sent no response head");
    return { statusCode: view.head.statusCode, headers: view.head.headers, body: view.body };
  };
}
