/**
 * How prompts and search terms are cut into words, the same way for both so they compare: runs of
 * letters and digits are tokens (punctuation is dropped), camel case splits a token into words
 * ("FullStackWithLawrence" -> full, stack, with, lawrence), and everything is lower case.
 */

const BETWEEN_TOKENS = /[^\p{L}\p{M}\p{N}]+/u;
const LOWER_THEN_UPPER = /([\p{Ll}\p{N}])(\p{Lu})/gu;
/** "HTTPServer" -> "HTTP Server": an acronym ends where the next capitalised word begins. */
const ACRONYM_THEN_WORD = /(\p{Lu})(\p{Lu}\p{Ll})/gu;
const CAPITALISED = /^\p{Lu}/u;

export interface Token {
  /** The token in lower case, camel case parts joined: "fullstackwithlawrence". */
  compact: string;
  words: string[];
  capitalised: boolean;
}

export function camelCaseWords(token: string): string[] {
  return token
    .replace(LOWER_THEN_UPPER, "$1 $2")
    .replace(ACRONYM_THEN_WORD, "$1 $2")
    .toLowerCase()
    .split(" ");
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const token of text.split(BETWEEN_TOKENS)) {
    if (token === "") continue;
    const compact = token.toLowerCase();
    // Most tokens have no capital after the first letter: they are one word, and need no regex.
    const oneWord = token.length === compact.length && token.slice(1) === compact.slice(1);
    tokens.push({
      compact,
      words: oneWord ? [compact] : camelCaseWords(token),
      capitalised: token !== compact && CAPITALISED.test(token),
    });
  }
  return tokens;
}

/** The words of a search term; a term is matched when all of them are words of one message. */
export function termWords(term: string): string[] {
  return tokenize(term).flatMap((token) => token.words);
}
