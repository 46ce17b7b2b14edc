import type { Tracing } from "../../services/tracing.js";
import type { DynamoDbCaller } from "../aws/dynamodb-client.js";
import type { Settings } from "../settings/index.js";
import { budgetsFor } from "./budget-overrides.js";
import { type Reservation, type TokenNeed, unheldReservation } from "./reservation.js";
import type { AnsweredUsage, Budgets, OwnerUsage, UsageReport, UsageStore } from "./usage-store.js";

/** Budgets, metering and the usage report of one cold start: what the core and `/usage` ask for. */
export interface UsageMeter {
  budgetsOf(owner: string): Budgets;
  /** Holds the request's worst case before the model is called; refuses with BudgetExceededError. */
  reserve(owner: string, need: TokenNeed): Promise<Reservation>;
  /** Holds more for a further model call of the same request; refuses with BudgetExceededError. */
  extend(reservation: Reservation, need: TokenNeed): Promise<Reservation>;
  settle(reservation: Reservation, usage: AnsweredUsage): Promise<void>;
  release(reservation: Reservation): Promise<void>;
  report(owner: string): Promise<UsageReport>;
  /** Every owner's totals: the admin view. */
  owners(): Promise<OwnerUsage[]>;
  /** Resolves once the writes under way are done (a local server stopping waits for them). */
  drain(): Promise<void>;
}

/**
 * The store and its DynamoDB client are loaded on the first write, not at import: without budgets
 * nothing on the request's path needs them (docs/cold-start.md). Credentials are the function's
 * (Lambda's environment variables), or without them fixed ones for an emulator on this machine.
 * Each call is traced (a pass-through with tracing off).
 */
async function openUsageStore(
  settings: Settings,
  env: Record<string, string | undefined>,
  caller: DynamoDbCaller | undefined,
  tracing: Tracing,
): Promise<UsageStore> {
  const [{ UsageStore }, { tracedDynamoDb }, dynamo] = await Promise.all([
    import("./usage-store.js"),
    import("../aws/traced-dynamodb.js"),
    caller ?? usageDynamoDbClient(settings, env),
  ]);
  return new UsageStore(tracedDynamoDb(dynamo, tracing), { tableName: settings.USAGE_TABLE });
}

/** The DynamoDB client the meter writes with: the settings' endpoint, the environment's credentials. */
export async function usageDynamoDbClient(
  settings: Settings,
  env: Record<string, string | undefined>,
): Promise<DynamoDbCaller> {
  const [
    { DynamoDbJsonClient },
    { EMULATOR_CREDENTIALS, endpointOverride, isLoopback },
    { credentialsFrom },
  ] = await Promise.all([
    import("../aws/dynamodb-client.js"),
    import("../aws/endpoint.js"),
    import("../aws/credentials.js"),
  ]);
  const endpoint = settings.DYNAMODB_ENDPOINT
    ? new URL(settings.DYNAMODB_ENDPOINT)
    : endpointOverride("DYNAMODB", env);
  const hasCredentials = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
  return new DynamoDbJsonClient({
    region: settings.AWS_REGION,
    credentials:
      !hasCredentials && endpoint && isLoopback(endpoint)
        ? EMULATOR_CREDENTIALS
        : credentialsFrom(env, "outside Lambda, set them or USAGE_METERING=false"),
    endpoint,
    // A hold is on the request's path and a settle on the invocation's: both stay short when DynamoDB does not.
    retry: { maxAttempts: 3, attemptTimeoutMs: 2_000 },
  });
}

class DynamoUsageMeter implements UsageMeter {
  #store: Promise<UsageStore> | undefined;
  readonly #writing = new Set<Promise<void>>();

  constructor(
    private readonly settings: Settings,
    private readonly env: Record<string, string | undefined>,
    private readonly dynamo: DynamoDbCaller | undefined,
    private readonly tracing: Tracing,
  ) {}

  budgetsOf(owner: string): Budgets {
    const { TOKEN_BUDGET_DAILY: day, TOKEN_BUDGET_MONTHLY: month, TOKEN_BUDGET_OVERRIDES } = this.settings;
    return budgetsFor(owner, TOKEN_BUDGET_OVERRIDES, { day, month });
  }

  async reserve(owner: string, need: TokenNeed): Promise<Reservation> {
    if (!this.hasBudgets(owner)) return unheldReservation(owner, need, Date.now());
    return (await this.store()).reserve(owner, need, this.budgetsOf(owner));
  }

  async extend(reservation: Reservation, need: TokenNeed): Promise<Reservation> {
    if (!this.hasBudgets(reservation.owner))
      return { ...reservation, maxCompletionTokens: need.maxCompletionTokens };
    return (await this.store()).extend(reservation, need, this.budgetsOf(reservation.owner));
  }

  private hasBudgets(owner: string): boolean {
    const budgets = this.budgetsOf(owner);
    return budgets.day > 0 || budgets.month > 0;
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
    this.#store ??= openUsageStore(this.settings, this.env, this.dynamo, this.tracing).catch(
      (error: unknown) => {
        this.#store = undefined;
        throw error;
      },
    );
    return this.#store;
  }
}

/**
 * The meter these settings describe; none when `USAGE_METERING` is off. `dynamo` replaces the
 * DynamoDB client the meter would make (tests count or fail its calls); its calls are traced with
 * `tracing`.
 */
export function createUsageMeter(
  settings: Settings,
  tracing: Tracing,
  env: Record<string, string | undefined> = process.env,
  dynamo?: DynamoDbCaller,
): UsageMeter | undefined {
  return settings.USAGE_METERING ? new DynamoUsageMeter(settings, env, dynamo, tracing) : undefined;
}
