import type { CompletionUsage } from "openai/resources/completions";
import { chatInputOf } from "../common/chat/chat-input.js";
import { BudgetExceededError, HttpError } from "../common/errors.js";
import type { StreamEvent } from "../common/streaming/sse.js";
import type { UsageMeter } from "../common/usage/meter.js";
import { type Reservation, unheldReservation } from "../common/usage/reservation.js";
import type { CoreServices } from "../services/core.js";
import type { Logger } from "../services/logger.js";
import { ownerOf } from "./caller.js";
import type { Reply } from "./reply.js";
import type { ChatRequest } from "./request.js";
import { type ModelCall, type TokenAllowance, tokenNeedOf, UNLIMITED } from "./token-allowance.js";

const CHARS_PER_TOKEN = 4;

/** The app an answer is counted under: the catalog app, or the passthrough route's name. */
export function meteredApp(request: ChatRequest): string {
  return request.route.app?.slug ?? request.route.resource.slice(1);
}

/**
 * The budget of one request across its model calls. The hold made before the handler ran (for the
 * body's messages) covers the first call as far as it goes; what a call needs beyond what is held,
 * and every later call, is held before the call is sent.
 */
class MeteredAllowance implements TokenAllowance {
  /** Held, and not yet given to a call. */
  #unassigned: number;

  constructor(
    private readonly meter: UsageMeter,
    public reservation: Reservation,
    private readonly onRefused: () => void,
  ) {
    this.#unassigned = reservation.held;
  }

  async cover(call: ModelCall): Promise<number> {
    const need = tokenNeedOf(call);
    const wanted = need.promptTokens + need.maxCompletionTokens;
    const covered = this.#unassigned;
    if (wanted <= covered) {
      this.#unassigned -= wanted;
      return call.maxTokens;
    }
    const uncoveredPrompt = Math.max(0, need.promptTokens - covered);
    let extended: Reservation;
    try {
      extended = await this.meter.extend(this.reservation, {
        promptTokens: uncoveredPrompt,
        maxCompletionTokens: wanted - covered - uncoveredPrompt,
      });
    } catch (error) {
      if (error instanceof BudgetExceededError) this.onRefused();
      throw error;
    }
    const granted = extended.held - this.reservation.held;
    this.reservation = extended;
    this.#unassigned = 0;
    return Math.min(call.maxTokens, covered + granted - need.promptTokens);
  }
}

/** The request with its answer's ceiling lowered to what the budget leaves. */
function withMaxTokens(request: ChatRequest, maxTokens: number): ChatRequest {
  const { body } = request;
  return {
    ...request,
    body:
      body.kind === "app"
        ? { ...body, app: { ...body.app, max_tokens: maxTokens } }
        : { ...body, fields: { ...body.fields, max_tokens: maxTokens } },
  };
}

function isUsage(value: unknown): value is CompletionUsage {
  const usage = value as Partial<CompletionUsage> | null | undefined;
  return typeof usage?.prompt_tokens === "number" && typeof usage.completion_tokens === "number";
}

/**
 * What one answer cost: the usage the model service reported (every tool round added up by the
 * handler), else an estimate from the prompt and the text that reached the client, flagged as such.
 */
class AnswerTally {
  reported: CompletionUsage | undefined;
  answeredChars = 0;
  seen = false;

  constructor(private readonly promptEstimate: number) {}

  /** A whole chat.completion. */
  addCompletion(body: unknown): void {
    this.seen = true;
    const completion = body as { usage?: unknown; choices?: { message?: { content?: unknown } }[] };
    if (isUsage(completion.usage)) this.reported = completion.usage;
    const content = completion.choices?.[0]?.message?.content;
    if (typeof content === "string") this.answeredChars += content.length;
  }

  /** One streamed event: a chunk, a tool call announced, or the final usage chunk. */
  addEvent(event: StreamEvent): void {
    this.seen = true;
    const data = event.data as {
      usage?: unknown;
      choices?: { delta?: { content?: unknown } }[];
      tool_call?: { arguments?: unknown };
    };
    if (isUsage(data.usage)) this.reported = data.usage;
    const content = data.choices?.[0]?.delta?.content;
    if (typeof content === "string") this.answeredChars += content.length;
    const args = data.tool_call?.arguments;
    if (typeof args === "string") this.answeredChars += args.length;
  }

  usage() {
    if (this.reported)
      return {
        promptTokens: this.reported.prompt_tokens,
        completionTokens: this.reported.completion_tokens,
        estimated: false,
      };
    return {
      promptTokens: this.promptEstimate,
      completionTokens: Math.ceil(this.answeredChars / CHARS_PER_TOKEN),
      estimated: true,
    };
  }
}

/** Relays the events, counting them, and notes when the first text (or tool call) went out. */
async function* tallied(
  events: AsyncIterable<StreamEvent>,
  tally: AnswerTally,
  clock: AnswerClock,
): AsyncGenerator<StreamEvent> {
  for await (const event of events) {
    tally.addEvent(event);
    if (tally.answeredChars > 0) clock.firstToken();
    yield event;
  }
  clock.end();
}

class AnswerClock {
  readonly #started = performance.now();
  #firstToken: number | undefined;
  #end: number | undefined;

  firstToken(): void {
    this.#firstToken ??= performance.now() - this.#started;
  }

  end(): void {
    this.#end ??= performance.now() - this.#started;
  }

  figures(): { firstTokenMs: number; totalMs: number } {
    const totalMs = this.#end ?? performance.now() - this.#started;
    return { firstTokenMs: this.#firstToken ?? totalMs, totalMs };
  }
}

/** A failure of the model service, by its type, whatever status it is answered with. */
function upstreamErrorType(error: unknown): string | undefined {
  return error instanceof HttpError && error.fromUpstream ? error.type : undefined;
}

/**
 * Every chat answer of every function is metered here: the owner's budgets are held before the model
 * is called (a spent budget is refused, 429 `budget_exceeded`, with no model call), the answer's
 * ceiling cut to what is left, and once the reply has gone to the client its real usage is settled
 * (or the hold released when nothing was answered). Its metrics (tokens, latencies, upstream errors,
 * refusals) are written here too, with or without a usage meter.
 */
export async function meteredAnswer(
  request: ChatRequest,
  services: CoreServices,
  answerWith: (request: ChatRequest) => Promise<Reply>,
): Promise<Reply> {
  const { usage: meter, metrics } = services;
  const clock = new AnswerClock();
  const input = chatInputOf(request.body, services.settings);
  const dimensions = { app: meteredApp(request), model: input.model };
  const need = tokenNeedOf({ messages: input.messages, tools: input.tools, maxTokens: input.max_tokens });
  const owner = ownerOf(request.caller);
  let reservation: Reservation = unheldReservation(owner, need, Date.now());
  if (meter) {
    try {
      reservation = await meter.reserve(owner, need);
    } catch (error) {
      if (error instanceof BudgetExceededError) metrics.budgetRefused(dimensions);
      throw error;
    }
  }
  const ceiling = reservation.maxCompletionTokens;
  const allowance =
    meter && reservation.held > 0
      ? new MeteredAllowance(meter, reservation, () => metrics.budgetRefused(dimensions))
      : undefined;
  const held = () => allowance?.reservation ?? reservation;
  const metered = { ...request, allowance: allowance ?? UNLIMITED };
  const cut = ceiling < input.max_tokens ? withMaxTokens(metered, ceiling) : metered;
  const tally = new AnswerTally(need.promptTokens);
  const finish = async (failure: unknown) => {
    const errorType = upstreamErrorType(failure);
    if (errorType) metrics.upstreamFailed(dimensions, errorType);
    if (tally.seen) metrics.answered({ ...dimensions, ...tally.usage(), ...clock.figures() });
    if (meter) await settle(request, meter, services.logger, held(), tally, dimensions);
  };
  let reply: Reply;
  try {
    reply = await answerWith(cut);
  } catch (error) {
    await finish(error);
    throw error;
  }
  if (reply.kind === "json") {
    clock.end();
    if (reply.status < 300) tally.addCompletion(reply.body);
    return { ...reply, afterSent: () => finish(undefined) };
  }
  let failure: unknown;
  const events = async function* () {
    try {
      yield* tallied(reply.events, tally, clock);
    } catch (error) {
      failure = error;
      throw error;
    }
  };
  return { kind: "events", events: events(), afterSent: () => finish(failure) };
}

/** Settles what the tally counted, or releases the hold when nothing was answered; never throws. */
async function settle(
  request: ChatRequest,
  meter: UsageMeter,
  logger: Logger,
  reservation: Reservation,
  tally: AnswerTally,
  dimensions: { app: string; model: string },
): Promise<void> {
  try {
    if (tally.seen) await meter.settle(reservation, { ...dimensions, ...tally.usage() });
    else await meter.release(reservation);
  } catch (error) {
    logger.error("Metering the answer failed", {
      requestId: request.requestId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
