/**
 * DynamoDB's typed JSON values, as far as the usage table needs them: strings and numbers. A number
 * travels as a decimal string; an integer beyond what JavaScript holds exactly is refused both ways
 * rather than rounded, since these are counters.
 */

export type AttributeValue = { S: string } | { N: string };

export type Item = Record<string, AttributeValue>;

export type PlainValue = string | number;

export class AttributeValueError extends Error {}

/** Finite, and if whole then exact: a counter past 2^53 would be silently rounded. */
const isExact = (number: number) =>
  Number.isFinite(number) && (!Number.isInteger(number) || Number.isSafeInteger(number));

export function toAttribute(value: PlainValue): AttributeValue {
  if (typeof value === "string") return { S: value };
  if (!isExact(value)) throw new AttributeValueError(`${value} is not a number these counters hold exactly`);
  return { N: String(value) };
}

export function toItem(values: Record<string, PlainValue>): Item {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, toAttribute(value)]));
}

function fromAttribute(name: string, value: unknown): PlainValue {
  const typed = value as Partial<Record<"S" | "N", unknown>> | null;
  if (typeof typed?.S === "string") return typed.S;
  if (typeof typed?.N === "string") {
    const number = Number(typed.N);
    if (!isExact(number))
      throw new AttributeValueError(
        `attribute ${name} holds ${typed.N}, which is not exact as a JavaScript number`,
      );
    return number;
  }
  throw new AttributeValueError(`attribute ${name} is neither a string nor a number`);
}

/** An item as DynamoDB answered it, with its values as plain strings and numbers. */
export function fromItem(item: unknown): Record<string, PlainValue> {
  if (typeof item !== "object" || item === null || Array.isArray(item))
    throw new AttributeValueError("an item is not an object");
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, fromAttribute(name, value)]));
}
