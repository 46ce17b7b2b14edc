// @vitest-environment jsdom
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { COMPOSER_INPUT_ID, Composer } from "./Composer.js";

// React only runs act() without warnings where the environment says it is a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

function renderComposer(draft: string, waiting = false) {
  const onSend = vi.fn();
  act(() =>
    root.render(
      <Composer
        appTitle="Grammar"
        draft={draft}
        onDraftChange={() => {}}
        onSend={onSend}
        waiting={waiting}
      />,
    ),
  );
  const textarea = container.querySelector<HTMLTextAreaElement>(`#${COMPOSER_INPUT_ID}`);
  if (!textarea) throw new Error("no message box rendered");
  return { onSend, textarea };
}

function press(target: HTMLElement, init: KeyboardEventInit) {
  act(() => {
    target.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true, cancelable: true, ...init }));
  });
}

describe("Composer", () => {
  it("sends the trimmed text on Enter", () => {
    const { onSend, textarea } = renderComposer("  fix this  ");
    press(textarea, { key: "Enter" });
    expect(onSend).toHaveBeenCalledExactlyOnceWith("fix this");
  });

  it("leaves Shift+Enter to the text box for a new line", () => {
    const { onSend, textarea } = renderComposer("line one");
    press(textarea, { key: "Enter", shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
  });

  it("sends nothing while empty or while an answer is awaited", () => {
    press(renderComposer("   ").textarea, { key: "Enter" });
    const waiting = renderComposer("next question", true);
    press(waiting.textarea, { key: "Enter" });
    expect(waiting.onSend).not.toHaveBeenCalled();
    expect(container.textContent).toContain("Waiting for the answer…");
  });

  it("labels the message box", () => {
    const { textarea } = renderComposer("");
    const label = container.querySelector(`label[for="${COMPOSER_INPUT_ID}"]`);
    expect(label?.textContent).toBe("Message to Grammar");
    expect(textarea.getAttribute("aria-describedby")).toBeTruthy();
  });
});
