// What a command answers, as plain data: each front end renders it (embed on Discord, text in the console).
// Every string is plain text, never markup: front ends escape it, so text a user wrote can't format or ping.

export type ReplyKind = 'answer' | 'suggest' | 'decline' | 'chat' | 'info' | 'error' | 'notice';

export interface Suggested {
  /** Entry id: a "did you mean" button answers this entry. */
  readonly entryId: string;
  readonly question: string;
}

export interface QuoteInContext {
  readonly before: string;
  readonly quote: string;
  readonly after: string;
}

export interface Reply {
  readonly kind: ReplyKind;
  readonly title?: string;
  /** The main text: the short answer or the message. */
  readonly text: string;
  /** A verbatim quote of the story. */
  readonly quote?: string;
  readonly context?: QuoteInContext;
  readonly fields?: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly footer?: string;
  readonly suggestions?: readonly Suggested[];
  /** Only the asker sees it (Discord ephemeral reply). */
  readonly ephemeral: boolean;
  /** The one user this reply may ping (the /ask `mention` option). */
  readonly mentionUserId?: string;
  /** The recorded question this answers: feedback buttons vote on it. */
  readonly feedbackId?: number;
  /** A picture to attach (the /kb stats chart). */
  readonly image?: { readonly name: string; readonly png: Buffer };
}

/** Splits a context around the quote so renderers can emphasise it. */
export function quoteInContext(context: string, quote: string): QuoteInContext {
  const at = context.indexOf(quote);
  if (at < 0) return { before: context, quote: '', after: '' };
  return { before: context.slice(0, at), quote, after: context.slice(at + quote.length) };
}
