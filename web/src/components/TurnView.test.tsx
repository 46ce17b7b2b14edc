// @vitest-environment jsdom
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ChatReply } from "../api/types.js";
import type { Conversation } from "../chat/conversation.js";
import { ChatView } from "./ChatView.js";
import { TurnView } from "./TurnView.js";

const noop = () => {};

describe("TurnView", () => {
  it("shows a failure as an alert in plain words, with a retry of the failed text", () => {
    const html = renderToStaticMarkup(
      <TurnView
        turn={{
          id: "e1",
          role: "error",
          failure: { kind: "http", status: 429, retryAfterSeconds: 12, requestId: "req-9" },
          failedText: "hello",
        }}
        onRetry={noop}
        canRetry
      />,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain("Too many requests (429)");
    expect(html).toContain("Slow down: wait 12 seconds before sending again.");
    expect(html).toContain("Request id: req-9");
    expect(html).toContain("Try again");
  });

  it("offers no retry on an error that is no longer the last turn", () => {
    const html = renderToStaticMarkup(
      <TurnView
        turn={{ id: "e1", role: "error", failure: { kind: "http", status: 502 }, failedText: "hello" }}
        onRetry={noop}
        canRetry={false}
      />,
    );
    expect(html).toContain("The model service failed (502)");
    expect(html).not.toContain("<button");
  });

  it("lists the plugins and tools a function-calling answer used", () => {
    const html = renderToStaticMarkup(
      <TurnView
        turn={{
          id: "r1",
          role: "assistant",
          reply: {
            text: "Sunny.",
            model: "gpt-4o-mini",
            offline: false,
            toolUse: { plugins: ["everlasting-gobstopper"], toolsCalled: [] },
          },
        }}
        onRetry={noop}
        canRetry={false}
      />,
    );
    expect(html).toContain('<dt>Plugins</dt><dd><code class="chip">everlasting-gobstopper</code></dd>');
    expect(html).toContain('<dt>Tools called</dt><dd><span class="chip empty">none</span></dd>');
  });

  it("says when an answer was stopped, or broke off and why", () => {
    const turn = (endedEarly: NonNullable<ChatReply["endedEarly"]>) =>
      renderToStaticMarkup(
        <TurnView
          turn={{
            id: "r1",
            role: "assistant",
            reply: { text: "Half", model: "gpt-4o-mini", offline: false, endedEarly },
          }}
          onRetry={noop}
          canRetry={false}
        />,
      );
    expect(turn({ kind: "stopped" })).toContain("Stopped");
    const broken = turn({ kind: "interrupted", message: "The model service failed.", requestId: "req-3" });
    expect(broken).toContain("The answer broke off: The model service failed. (request id req-3)");
  });
});

describe("ChatView", () => {
  const app = {
    slug: "default-marv-sarcastic-chat",
    title: "Marv the sarcastic chatbot",
    description: "Answers reluctantly.",
    handler: "langchain" as const,
    welcome: "Oh. It's you.",
    examples: ["How many pounds are in a kilogram?", "What time is it?"],
    path: "/examples/default-marv-sarcastic-chat",
    picksModel: false,
  };
  const render = (conversation: Conversation) =>
    renderToStaticMarkup(
      <ChatView
        app={app}
        conversation={conversation}
        draft=""
        onDraftChange={noop}
        onSend={noop}
        onRetry={noop}
        onReplace={noop}
        onStop={noop}
        onClear={noop}
      />,
    );

  it("offers the examples of a fresh conversation", () => {
    const html = render({ turns: [] });
    expect(html).toContain("How many pounds are in a kilogram?");
    expect(html).not.toContain("Thinking");
  });

  it("shows the thinking state and blocks sending while an answer is awaited", () => {
    const html = render({
      turns: [{ id: "u1", role: "user", text: "What time is it?", status: "pending" }],
      waitingFor: "u1",
    });
    expect(html).toContain('role="status"');
    expect(html).toContain("Thinking…");
    expect(html).toMatch(/<button type="submit" class="send" disabled="">/);
    expect(html).not.toContain('class="example"');
  });

  it("shows a streaming answer as it grows, with the tools being called, and offers Stop", () => {
    const html = render({
      turns: [{ id: "u1", role: "user", text: "Weather in Paris?", status: "pending" }],
      waitingFor: "u1",
      partial: { text: "It is **mild**", toolsCalling: ["get_current_weather"] },
    });
    expect(html).toContain('class="turn assistant streaming" aria-busy="true"');
    expect(html).toContain('<code class="chip">get_current_weather</code>');
    expect(html).toContain("<strong>mild</strong>");
    expect(html).not.toContain("Thinking…");
    expect(html).toContain('<button type="button" class="secondary stop">Stop</button>');
  });
});
