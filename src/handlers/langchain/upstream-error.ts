import OpenAI from "openai";
import { HttpError } from "../../common/errors.js";
import { upstreamErrorFrom } from "../../common/openai/upstream-errors.js";

const MAX_CAUSE_DEPTH = 5;

/** The openai SDK error (or JSON syntax error) inside what LangChain threw, if any. */
function sdkErrorWithin(error: unknown): unknown {
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    if (
      current instanceof OpenAI.OpenAIError ||
      current instanceof SyntaxError ||
      current instanceof HttpError
    )
      return current;
    current = current.cause;
  }
  return undefined;
}

/**
 * Maps what a LangChain model call threw exactly as the SDK path maps the SDK's errors. LangChain
 * rethrows most SDK errors as they are (rate limits keep their headers), wraps context overflows
 * (the SDK error is the `cause`), and replaces the SDK's timeout and abort errors with plain Errors
 * named `TimeoutError` and `AbortError`, which are turned back into the SDK's classes here.
 */
export function langchainUpstreamError(error: unknown): unknown {
  const sdkError = sdkErrorWithin(error);
  if (sdkError !== undefined) return upstreamErrorFrom(sdkError);
  if (error instanceof Error && error.name === "TimeoutError")
    return upstreamErrorFrom(new OpenAI.APIConnectionTimeoutError({ message: error.message }));
  if (error instanceof Error && error.name === "AbortError")
    return upstreamErrorFrom(new OpenAI.APIUserAbortError({ message: error.message }));
  return upstreamErrorFrom(error);
}
