export { createUsageMeter, type UsageMeter, usageDynamoDbClient } from "./meter.js";
export { type Period, type PeriodKind, periodOf, secondsUntilReset } from "./periods.js";
export { type Reservation, type TokenNeed, unheldReservation } from "./reservation.js";
export { TOTAL_SCOPE, USAGE_KEYS, usageTableDefinition } from "./table.js";
export {
  type AnsweredUsage,
  type Budgets,
  type OwnerUsage,
  type UsageReport,
  UsageStore,
  type UsageStoreOptions,
} from "./usage-store.js";
