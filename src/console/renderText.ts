// Reply → plain text for a terminal.
import type { Reply } from '../commands/reply.js';

const wrapQuote = (text: string) =>
  text
    .split('\n')
    .map((line) => `  > ${line}`)
    .join('\n');

export function renderText(reply: Reply): string {
  const lines: string[] = [];
  if (reply.title) lines.push(`== ${reply.title} ==`);
  if (reply.text) lines.push(reply.text);
  if (reply.quote) lines.push(wrapQuote(`“${reply.quote}”`));
  if (reply.context?.quote && (reply.context.before || reply.context.after)) {
    lines.push(`  Context: ${reply.context.before}*${reply.context.quote}*${reply.context.after}`);
  }
  for (const field of reply.fields ?? []) lines.push(`${field.name}: ${field.value}`);
  if (reply.suggestions && reply.suggestions.length > 0) {
    reply.suggestions.forEach((s, i) => lines.push(`  ${i + 1}. ${s.question}`));
  }
  if (reply.footer) lines.push(`  (${reply.footer})`);
  return lines.join('\n');
}
