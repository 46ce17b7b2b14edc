import { type FormEvent, useEffect, useRef, useState } from "react";
import { type ApiSettings, baseUrlProblem, effectiveBaseUrl } from "../settings/api-settings.js";
import { UsagePanel } from "./UsagePanel.js";

interface SettingsDialogProps {
  open: boolean;
  settings: ApiSettings;
  pageOrigin: string;
  onSave: (settings: ApiSettings) => void;
  onClose: () => void;
}

/** API base URL and key; a native modal dialog, so focus stays inside and Escape closes it. */
export function SettingsDialog({ open, settings, pageOrigin, onSave, onClose }: SettingsDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [baseUrl, setBaseUrl] = useState(settings.baseUrl);
  const [apiKey, setApiKey] = useState(settings.apiKey);
  const [showProblem, setShowProblem] = useState(false);
  const problem = baseUrlProblem(baseUrl);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      setBaseUrl(settings.baseUrl);
      setApiKey(settings.apiKey);
      setShowProblem(false);
      element.showModal();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open, settings]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (problem) {
      setShowProblem(true);
      return;
    }
    onSave({
      baseUrl: baseUrl.trim().replace(/\/+$/, ""),
      apiKey: apiKey.trim(),
    });
  }

  return (
    <dialog ref={dialog} className="settings" aria-labelledby="settings-title" onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <h2 id="settings-title">API settings</h2>
        <div className="field">
          <label htmlFor="settings-base-url">API base URL</label>
          <input
            id="settings-base-url"
            type="url"
            inputMode="url"
            autoComplete="url"
            value={baseUrl}
            placeholder={pageOrigin}
            aria-describedby="settings-base-url-help"
            aria-invalid={showProblem && problem ? true : undefined}
            onChange={(event) => setBaseUrl(event.target.value)}
          />
          <p id="settings-base-url-help" className={showProblem && problem ? "help problem" : "help"}>
            {showProblem && problem
              ? problem
              : "Leave empty to use this page's server. For a deployed API, paste the API Gateway stage URL."}
          </p>
        </div>
        <div className="field">
          <label htmlFor="settings-api-key">API key</label>
          <input
            id="settings-api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            aria-describedby="settings-api-key-help"
            onChange={(event) => setApiKey(event.target.value)}
          />
          <p id="settings-api-key-help" className="help">
            Sent as the x-api-key header. Kept only in this browser's storage; leave empty when the API needs
            no key.
          </p>
        </div>
        {open && <UsagePanel baseUrl={effectiveBaseUrl(settings, pageOrigin)} apiKey={settings.apiKey} />}
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit">Save</button>
        </div>
      </form>
    </dialog>
  );
}
