import { useEffect, useRef, useState } from "react";
import { copyText } from "./copy-text.js";

const COPIED_LABEL_MS = 2_000;

/** Copies a whole answer as its Markdown source; named "Copy answer", apart from a code block's Copy. */
export function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  function copy() {
    copyText(text).then(
      () => setState("copied"),
      () => setState("failed"),
    );
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), COPIED_LABEL_MS);
  }

  return (
    <button type="button" className="turn-action" onClick={copy} aria-live="polite">
      {state === "copied" ? (
        "Copied"
      ) : state === "failed" ? (
        "Copy failed"
      ) : (
        <>
          Copy<span className="visually-hidden"> answer</span>
        </>
      )}
    </button>
  );
}
