/** Shown once the server has answered from its built-in offline model. */
export function OfflineBanner({ onDismiss }: { onDismiss: () => void }) {
  return (
    <aside className="offline-banner" aria-label="Offline model">
      <p>
        <strong>Offline demo model:</strong> answers are placeholders, not from a real AI. For real answers,
        set <code>OPENAI_API_KEY</code> in <code>.env</code> and restart <code>npm start</code>.
      </p>
      <button type="button" className="secondary" onClick={onDismiss}>
        Hide
      </button>
    </aside>
  );
}
