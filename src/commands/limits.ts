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

/** Cuts text to `max` characters, ending with an ellipsis when it had to cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return (
    chars
      .slice(0, Math.max(0, max - 1))
      .join('')
      .trimEnd() + '…'
  );
}
