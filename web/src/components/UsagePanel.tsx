import { useEffect, useState } from "react";

interface PeriodUsage {
  prompt_tokens: number;
  completion_tokens: number;
  requests: number;
  budget: number;
  budget_left: number | null;
}

interface OwnUsage {
  today: PeriodUsage;
  month: PeriodUsage;
}

type UsageState =
  | { kind: "loading" }
  | { kind: "shown"; usage: OwnUsage }
  | { kind: "failed"; message: string };

const tokens = (period: PeriodUsage) => (period.prompt_tokens + period.completion_tokens).toLocaleString();

function budgetText(period: PeriodUsage): string {
  return period.budget_left === null
    ? "no budget"
    : `${period.budget_left.toLocaleString()} of ${period.budget.toLocaleString()} left`;
}

/** The saved key's token usage (`GET /usage`), read each time the settings open. */
export function UsagePanel({ baseUrl, apiKey }: { baseUrl: string; apiKey: string }) {
  const [state, setState] = useState<UsageState>({ kind: "loading" });

  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: "loading" });
    fetch(`${baseUrl.replace(/\/+$/, "")}/usage`, {
      headers: apiKey ? { "x-api-key": apiKey } : {},
      signal: controller.signal,
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        setState({ kind: "shown", usage: (await response.json()) as OwnUsage });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setState({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
      });
    return () => controller.abort();
  }, [baseUrl, apiKey]);

  return (
    <section className="usage" aria-labelledby="usage-title" aria-live="polite">
      <h3 id="usage-title">Token usage of the saved key</h3>
      {state.kind === "loading" && <p className="help">Reading usage…</p>}
      {state.kind === "failed" && <p className="help">Usage is not available: {state.message}.</p>}
      {state.kind === "shown" && (
        <dl>
          <dt>Today (UTC)</dt>
          <dd>
            {tokens(state.usage.today)} tokens in {state.usage.today.requests} answers;{" "}
            {budgetText(state.usage.today)}
          </dd>
          <dt>This month</dt>
          <dd>
            {tokens(state.usage.month)} tokens in {state.usage.month.requests} answers;{" "}
            {budgetText(state.usage.month)}
          </dd>
        </dl>
      )}
    </section>
  );
}
