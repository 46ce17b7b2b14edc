/** Word-level comparisons loose enough for what people type: plurals, camel case, word stems. */

export function wordsOf(text: string): string[] {
  return text
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * Loose word equality so "coupons" finds "coupon_codes" and "biography" finds "biographical":
 * a shared beginning of 6 letters, or one word starting the other when both have 4 letters or more.
 */
export function sameWord(left: string, right: string): boolean {
  if (left === right) return true;
  const shorter = Math.min(left.length, right.length);
  let common = 0;
  while (common < shorter && left[common] === right[common]) common += 1;
  return common >= 6 || (common === shorter && shorter >= 4);
}

/** Whether every word of `phrase` appears, loosely, among the words of `text`. */
export function allWordsIn(phrase: string, text: string): boolean {
  const textWords = wordsOf(text);
  const phraseWords = wordsOf(phrase);
  return (
    phraseWords.length > 0 && phraseWords.every((word) => textWords.some((other) => sameWord(word, other)))
  );
}
