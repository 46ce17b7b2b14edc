export { createUsageMeter, type UsageMeter } from "./meter.js";
export { type Period, type PeriodKind, periodOf, secondsUntilReset } from "./periods.js";
export { TOTAL_SCOPE, USAGE_KEYS, usageTableDefinition } from "./table.js";
export {
  type AnsweredUsage,
  type Budgets,
  type OwnerUsage,
  type Reservation,
  type TokenNeed,
  type UsageReport,
  UsageStore,
  type UsageStoreOptions,
} from "./usage-store.js";
