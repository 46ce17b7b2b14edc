import type { MessageItem } from "./stored-turn.js";

/**
 * The items of earlier-layout writes that were stored whole. Such a write put its first message (the
 * user's turn) first, to claim its places, then the rest; a process killed in between left a question
 * with no answer. That write has no item at its `block_end`, or a gap below it, and is left out of
 * what is read back, so the model never sees a question that was never answered.
 *
 * `items` is one query's window. A write cut by the window's upper edge (`cutAbove`: a page that
 * continues) keeps what the window shows of it, as the rest lies beyond the window, not missing. A
 * write cut at the lower edge shows its newest items, and its first item is never the missing one.
 */
export function completeWrites(items: readonly MessageItem[], cutAbove: boolean): MessageItem[] {
  const seqsByWrite = new Map<string, { first: number; last: number; count: number; blockEnd: number }>();
  for (const item of items) {
    const seen = seqsByWrite.get(item.write_id);
    seqsByWrite.set(
      item.write_id,
      seen
        ? {
            first: Math.min(seen.first, item.seq),
            last: Math.max(seen.last, item.seq),
            count: seen.count + 1,
            blockEnd: item.block_end,
          }
        : { first: item.seq, last: item.seq, count: 1, blockEnd: item.block_end },
    );
  }
  const highest = items.reduce((high, item) => Math.max(high, item.seq), Number.NEGATIVE_INFINITY);
  return items.filter((item) => {
    const write = seqsByWrite.get(item.write_id);
    if (!write || write.last - write.first + 1 !== write.count) return false;
    return write.last === write.blockEnd || (cutAbove && write.last === highest);
  });
}
