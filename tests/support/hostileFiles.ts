// Hostile knowledge files for the reliability tests.

/** A file of YAML comments: valid, no entries, and cheap to parse, so only a size check can refuse it. */
export const commentsOf = (bytes: number): string => `# ${'x'.repeat(77)}\n`.repeat(Math.ceil(bytes / 80));

/** A "billion laughs": nine levels of nine aliases each, 9^9 strings if it were expanded; the first alias is on line 2. */
export const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]!}`).join(',')}]`),
  'entries: []',
].join('\n');
