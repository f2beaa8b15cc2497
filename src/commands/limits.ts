// Discord's limits in one place (the console respects them too, so both front ends say the same).
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedTotal: 6000,
  embedFields: 25,
  autocompleteChoices: 25,
  autocompleteChoiceLength: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  customId: 100,
  /** Acknowledge an interaction within this or Discord shows "The application did not respond". */
  interactionDeadlineMs: 3000,
  /** Longest question we try to answer; Discord allows 6000 characters in an option, nobody asks that. */
  question: 500,
} as const;

/**
 * Cuts text to at most `max` UTF-16 units (how Discord's limits count), ending with an ellipsis when it
 * had to cut, and never splitting an emoji's surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end).trimEnd() + '…';
}
