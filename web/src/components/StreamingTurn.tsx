import type { StreamProgress } from "../api/types.js";
import { Markdown } from "./Markdown.js";

/**
 * An answer while it streams in: the tools the server is calling for it, then its text so far. It is
 * marked busy, so screen readers read the finished answer rather than every piece.
 */
export function StreamingTurn({ progress }: { progress: StreamProgress }) {
  return (
    <div className="turn assistant streaming" aria-busy="true">
      {progress.toolsCalling.length > 0 && (
        <p className="tools-calling">
          {progress.toolsCalling.map((name, index) => (
            // The same tool can be called twice in one answer.
            // biome-ignore lint/suspicious/noArrayIndexKey: the list only grows, in order
            <code key={`${name}-${index}`} className="chip">
              {name}
            </code>
          ))}
        </p>
      )}
      {progress.text !== "" && <Markdown text={progress.text} />}
    </div>
  );
}
