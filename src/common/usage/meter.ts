import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Settings } from "../settings/index.js";
import type {
  AnsweredUsage,
  Budgets,
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

  constructor(
    private readonly settings: Settings,
    private readonly client: DynamoDBClient | undefined,
  ) {}

  budgetsOf(_owner: string): Budgets {
    return { day: this.settings.TOKEN_BUDGET_DAILY, month: this.settings.TOKEN_BUDGET_MONTHLY };
  }

  async reserve(owner: string, need: TokenNeed): Promise<Reservation> {
    const budgets = this.budgetsOf(owner);
    if (budgets.day === 0 && budgets.month === 0)
      return { owner, held: 0, periods: [], maxCompletionTokens: need.maxCompletionTokens };
    return (await this.store()).reserve(owner, need, budgets);
  }

  async settle(reservation: Reservation, usage: AnsweredUsage): Promise<void> {
    await (await this.store()).settle(reservation, usage);
  }

  async release(reservation: Reservation): Promise<void> {
    if (reservation.held === 0) return;
    await (await this.store()).release(reservation);
  }

  async report(owner: string): Promise<UsageReport> {
    return (await this.store()).report(owner, this.budgetsOf(owner));
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
