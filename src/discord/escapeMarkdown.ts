// Escapes Discord markdown in text a user (or the story) wrote, in one linear pass: discord.js's own
// escapeMarkdown is super-linear on long hostile input, and replies must stay instant.

const INLINE = /[\\*_~`|[\]()<]/g;
const LINE_START = /^(\s*)([#>+-])/gm;
const ORDERED_LIST = /^(\s*\d+)\./gm;

export function escapeMarkdown(text: string): string {
  return text.replace(INLINE, '\\$&').replace(LINE_START, '$1\\$2').replace(ORDERED_LIST, '$1\\.');
}
