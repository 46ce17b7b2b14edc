import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Settings } from "../settings/index.js";
import { budgetsFor } from "./budget-overrides.js";
import type {
  AnsweredUsage,
  Budgets,
  OwnerUsage,
  Reservation,
  TokenNeed,
  UsageReport,
  UsageStore,
} from "./usage-store.js";

/** Budgets, metering and the usage report of one cold start: what the core and `/usage` ask for. */
export interface UsageMeter {
  budgetsOf(owner: string): Budgets;
  /** Holds the request's worst case before the model is called; refuses with BudgetExceededError. */
  reserve(owner: string, need: TokenNeed): Promise<Reservation>;
  settle(reservation: Reservation, usage: AnsweredUsage): Promise<void>;
  release(reservation: Reservation): Promise<void>;
  report(owner: string): Promise<UsageReport>;
  /** Every owner's totals: the admin view. */
  owners(): Promise<OwnerUsage[]>;
  /** Resolves once the writes under way are done (a local server stopping waits for them). */
  drain(): Promise<void>;
}

/**
 * The DynamoDB SDK is loaded on the first write, not at import: without budgets nothing on the
 * request's path needs it, and the settle after the answer pays the load (docs/cold-start.md).
 */
async function openUsageStore(settings: Settings, client: DynamoDBClient | undefined): Promise<UsageStore> {
  const [{ DynamoDBDocumentClient }, { createDynamoClient }, { UsageStore }] = await Promise.all([
    import("@aws-sdk/lib-dynamodb"),
    import("../memory/dynamo-client.js"),
    import("./usage-store.js"),
  ]);
  const documents = DynamoDBDocumentClient.from(client ?? createDynamoClient(settings));
  return new UsageStore(documents, { tableName: settings.USAGE_TABLE });
}

class DynamoUsageMeter implements UsageMeter {
  #store: Promise<UsageStore> | undefined;
  readonly #writing = new Set<Promise<void>>();

  constructor(
    private readonly settings: Settings,
    private readonly client: DynamoDBClient | undefined,
  ) {}

  budgetsOf(owner: string): Budgets {
    const { TOKEN_BUDGET_DAILY: day, TOKEN_BUDGET_MONTHLY: month, TOKEN_BUDGET_OVERRIDES } = this.settings;
    return budgetsFor(owner, TOKEN_BUDGET_OVERRIDES, { day, month });
  }

  async reserve(owner: string, need: TokenNeed): Promise<Reservation> {
    const budgets = this.budgetsOf(owner);
    if (budgets.day === 0 && budgets.month === 0)
      return { owner, held: 0, periods: [], maxCompletionTokens: need.maxCompletionTokens };
    return (await this.store()).reserve(owner, need, budgets);
  }

  settle(reservation: Reservation, usage: AnsweredUsage): Promise<void> {
    return this.tracked(async () => (await this.store()).settle(reservation, usage));
  }

  async release(reservation: Reservation): Promise<void> {
    if (reservation.held === 0) return;
    await this.tracked(async () => (await this.store()).release(reservation));
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.#writing]);
  }

  private tracked(write: () => Promise<void>): Promise<void> {
    const writing = write().finally(() => this.#writing.delete(writing));
    this.#writing.add(writing);
    return writing;
  }

  async report(owner: string): Promise<UsageReport> {
    return (await this.store()).report(owner, this.budgetsOf(owner));
  }

  async owners(): Promise<OwnerUsage[]> {
    return (await this.store()).owners();
  }

  private store(): Promise<UsageStore> {
    this.#store ??= openUsageStore(this.settings, this.client).catch((error: unknown) => {
      this.#store = undefined;
      throw error;
    });
    return this.#store;
  }
}

/** The meter these settings describe; none when `USAGE_METERING` is off. */
export function createUsageMeter(settings: Settings, client?: DynamoDBClient): UsageMeter | undefined {
  return settings.USAGE_METERING ? new DynamoUsageMeter(settings, client) : undefined;
}
