/** Whether any object inside a JSON value has `__proto__` as an own key, which request bodies refuse. */
export function hasPrototypeKey(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some(hasPrototypeKey);
  return Object.hasOwn(value, "__proto__") || Object.values(value).some(hasPrototypeKey);
}
