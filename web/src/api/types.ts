/** What the UI keeps from a successful chat.completion answer. */
export interface ChatReply {
  text: string;
  model: string;
  /** The server answered from its built-in offline model instead of OpenAI. */
  offline: boolean;
  /** The tokens the answer cost, when the server reported them. */
  usage?: TokenUsage;
  /** Only the function-calling handler reports these. */
  toolUse?: { plugins: string[]; toolsCalled: string[] };
  /** A streamed answer that ended before the model finished: stopped by the user, or broken off. */
  endedEarly?: { kind: "stopped" } | { kind: "interrupted"; message: string; requestId?: string };
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** A streamed answer while it comes: its text so far and the tools the server has called for it. */
export interface StreamProgress {
  text: string;
  toolsCalling: string[];
}

/** Why a chat request did not give a reply; turned into plain words by `describeFailure`. */
export type ChatFailure =
  | {
      kind: "http";
      status: number;
      /** The server's own explanation, when its body was the API's JSON error. */
      message?: string;
      /**
       * What kind of refusal it was, from the error body: `rate_limited`, `quota_exceeded` or
       * `budget_exceeded` for a 429 (API Gateway's own "Limit Exceeded" reads as `quota_exceeded`).
       */
      errorType?: string;
      requestId?: string;
      retryAfterSeconds?: number;
    }
  | { kind: "network"; url: string }
  | { kind: "timeout"; seconds: number }
  | { kind: "bad-response"; detail: string };

export type ChatOutcome = { ok: true; reply: ChatReply } | { ok: false; failure: ChatFailure };
