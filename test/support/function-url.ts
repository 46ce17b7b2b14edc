import type { APIGatewayProxyEvent } from "aws-lambda";
import type { HttpSink, ResponseHead } from "../../src/local/awslambda/function-url-frontend.js";
import { invokeStreamingHandler } from "../../src/local/awslambda/invoke.js";
import { testContext } from "./lambda-context.js";

/** What a function URL client received. */
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

/** Invokes a streamified Lambda entry through the runtime stand-in, as its function URL (or API Gateway) would. */
export async function invokeFunctionUrl(
  handler: unknown,
  event: APIGatewayProxyEvent,
  clientGone?: AbortSignal,
): Promise<ClientView> {
  const { sink, view } = recordingSink();
  await invokeStreamingHandler(handler, event, testContext(), sink, clientGone);
  return view;
}
