import type { ChatFailure } from "../api/types.js";

/** A failure in words a person can act on. */
export interface FailureText {
  title: string;
  detail: string;
}

/** False for a spent quota or token budget: sending again fails the same way until it resets. */
export function canRetrySoon(failure: ChatFailure): boolean {
  if (failure.kind !== "http" || failure.status !== 429) return true;
  return failure.errorType !== "quota_exceeded" && failure.errorType !== "budget_exceeded";
}

export function describeFailure(failure: ChatFailure): FailureText {
  switch (failure.kind) {
    case "network":
      return {
        title: "Could not reach the API",
        detail: `No answer from ${failure.url}. Check your connection, that the server is running, and the API base URL in Settings.`,
      };
    case "timeout":
      return {
        title: "No answer in time",
        detail: `The API did not answer within ${failure.seconds} seconds. Try again, or ask for something shorter.`,
      };
    case "bad-response":
      return {
        title: "Unreadable answer",
        detail:
          "The API answered, but not with a chat reply. Check that the API base URL in Settings points at this service.",
      };
    case "http":
      return describeHttpFailure(failure);
  }
}

function describeHttpFailure(failure: Extract<ChatFailure, { kind: "http" }>): FailureText {
  const { status } = failure;
  const said = failure.message ? ` The server said: “${failure.message}”` : "";
  switch (status) {
    case 400:
      return {
        title: "Request not accepted (400)",
        detail: failure.message ?? "The server did not accept this message.",
      };
    case 401:
      return {
        title: "API key needed (401)",
        detail: "This API requires an API key. Add yours in Settings.",
      };
    case 403:
      return {
        title: "API key refused (403)",
        detail: "The API key in Settings was not accepted. Check it, or ask for a valid one.",
      };
    case 404:
      return {
        title: "Not found (404)",
        detail: `This app or route does not exist at the API base URL in Settings.${said}`,
      };
    case 413:
      return { title: "Message too long (413)", detail: "Shorten the message or start a new conversation." };
    case 429:
      return describeRefusal(failure);
    case 502:
      return {
        title: "The model service failed (502)",
        detail: "The AI model service gave no usable answer. Try again in a moment.",
      };
    case 503:
      return {
        title: "Service unavailable (503)",
        detail: "The API is not available right now. Try again later.",
      };
    case 504:
      return {
        title: "The model service timed out (504)",
        detail: "The AI model took too long to answer. Try again, or ask for a shorter answer.",
      };
    default:
      return {
        title: status >= 500 ? `Server error (${status})` : `Request failed (${status})`,
        detail: `Something went wrong on the server.${said}`,
      };
  }
}

/**
 * A 429 says which limit was hit: a spent quota or token budget lasts until its period resets, so it is
 * not "slow down"; only throttling passes in a moment.
 */
function describeRefusal(failure: Extract<ChatFailure, { kind: "http" }>): FailureText {
  const { errorType, message, retryAfterSeconds } = failure;
  const resets =
    retryAfterSeconds === undefined
      ? "It resets at the end of its period."
      : `It resets in ${formatWait(Math.max(1, retryAfterSeconds))}.`;
  if (errorType === "quota_exceeded")
    return {
      title: "Request quota used up (429)",
      detail: `${sentence(message) ?? "This API key has made all the requests its quota allows."} ${resets} Until then every message is refused; ask for a higher quota to go on sooner.`,
    };
  if (errorType === "budget_exceeded")
    return {
      title: "Token budget used up (429)",
      detail: `${sentence(message) ?? "This API key has used all the tokens its budget allows."} ${resets} Until then every message is refused.`,
    };
  // The throttle's own "too many requests" adds nothing; another reason (the model service's limit) does.
  const said = message && !/too many requests/i.test(message) ? ` The server said: “${message}”` : "";
  return { title: "Too many requests (429)", detail: `${slowDownText(retryAfterSeconds)}${said}` };
}

function sentence(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function slowDownText(retryAfterSeconds: number | undefined): string {
  if (retryAfterSeconds === undefined) return "Slow down: wait a moment before sending again.";
  if (retryAfterSeconds <= 1) return "Slow down: wait a second before sending again.";
  return `Slow down: wait ${formatWait(retryAfterSeconds)} before sending again.`;
}

function formatWait(seconds: number): string {
  if (seconds < 120) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} minutes`;
  return `about ${Math.round(minutes / 60)} hours`;
}
