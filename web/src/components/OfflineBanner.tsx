/** Shown once the server has answered from its built-in offline model. */
export function OfflineBanner({ onDismiss }: { onDismiss: () => void }) {
  return (
    <aside className="offline-banner" aria-label="Offline model">
      <p>
        <strong>Offline demo model.</strong> The server has no OpenAI key, so answers come from a built-in
        stand-in, not a real AI model. To use a real one, set <code>OPENAI_API_KEY</code> in <code>.env</code>{" "}
        (or the environment) and restart <code>npm start</code>.
      </p>
      <button type="button" className="secondary" onClick={onDismiss}>
        Hide
      </button>
    </aside>
  );
}
