/** One earlier turn as the API's `chat_history` expects it. */
export interface HistoryEntry {
  sender: "user" | "assistant";
  message: string;
}

/** What the UI keeps from a successful chat.completion answer. */
export interface ChatReply {
  text: string;
  model: string;
  /** The server answered from its built-in offline model instead of OpenAI. */
  offline: boolean;
  /** Only the function-calling handler reports these. */
  toolUse?: { plugins: string[]; toolsCalled: string[] };
}

/** Why a chat request did not give a reply; turned into plain words by `describeFailure`. */
export type ChatFailure =
  | {
      kind: "http";
      status: number;
      /** The server's own explanation, when its body was the API's JSON error. */
      message?: string;
      requestId?: string;
      retryAfterSeconds?: number;
    }
  | { kind: "network"; url: string }
  | { kind: "timeout"; seconds: number }
  | { kind: "bad-response"; detail: string };

export type ChatOutcome = { ok: true; reply: ChatReply } | { ok: false; failure: ChatFailure };
