import type { ChatReply } from "../api/types.js";

/** What the function-calling handler used for one answer. */
export function ToolUse({ toolUse }: { toolUse: NonNullable<ChatReply["toolUse"]> }) {
  return (
    <dl className="tool-use" aria-label="Plugins and tools used for this answer">
      <div>
        <dt>Plugins</dt>
        <dd>{chips(toolUse.plugins, "none")}</dd>
      </div>
      <div>
        <dt>Tools called</dt>
        <dd>{chips(toolUse.toolsCalled, "none")}</dd>
      </div>
    </dl>
  );
}

function chips(names: string[], emptyText: string) {
  if (names.length === 0) return <span className="chip empty">{emptyText}</span>;
  return names.map((name) => (
    <code key={name} className="chip">
      {name}
    </code>
  ));
}
