// The loaded, validated knowledge: plain immutable data that the engine indexes.

/** Where a verbatim quote sits in the story. */
export type StoryPart = 'title' | 'subtitle' | 'caption' | 'paragraph';

export interface Paragraph {
  /** 1-based, stable: shown to users. */
  readonly number: number;
  readonly text: string;
  /** Line in article.txt. */
  readonly line: number;
}

/** What story.yaml says about the article; every field but the title is optional (null when absent). */
export interface Story {
  readonly title: string;
  readonly subtitle: string | null;
  readonly caption: string | null;
  readonly credit: string | null;
  /** The caption line as printed: it may hold a picture-agency id and the credit too. Quotes may come from it. */
  readonly captionLine: string | null;
  /** ISO date of the story. */
  readonly date: string | null;
  readonly byline: string | null;
  readonly source: string | null;
  readonly url: string | null;
  readonly summary: string | null;
  readonly boilerplate: readonly string[];
  readonly paragraphs: readonly Paragraph[];
}

export interface Quote {
  /** The quote as the article prints it (an exact span of the article line). */
  readonly text: string;
  readonly part: StoryPart;
  /** Paragraph number when part is 'paragraph', else null. */
  readonly paragraph: number | null;
  /** Character offsets of the span within that part's text. */
  readonly start: number;
  readonly end: number;
}

export interface QaEntry {
  readonly id: string;
  /**
   * fact: answered with its quote. chat: small talk, no quote. not-in-story: a question people ask that the
   * story does not answer; `answer` says so honestly, and there is no quote.
   */
  readonly kind: 'fact' | 'chat' | 'not-in-story';
  readonly question: string;
  readonly alternates: readonly string[];
  readonly answer: string;
  /** Always set for facts, never for chat or not-in-story entries. */
  readonly quote: Quote | null;
  readonly tags: readonly string[];
  readonly related: readonly string[];
  /** Where the entry is written (a Q&A file of the folder, or the built-in small talk) and its line, for messages to moderators. */
  readonly file: string;
  readonly line: number;
}

export interface Knowledge {
  readonly dir: string;
  readonly story: Story;
  readonly entries: readonly QaEntry[];
  /** Canonical word → variants (words or phrases) that mean the same in this story. */
  readonly aliases: ReadonlyMap<string, readonly string[]>;
}

export const KNOWLEDGE_FILES = {
  article: 'article.txt',
  story: 'story.yaml',
  qa: 'qa.yaml',
  /** Optional folder of more Q&A files (*.yaml), for a large knowledge base split by topic. */
  qaFolder: 'qa',
  aliases: 'aliases.yaml',
  /** Drafted Q&A awaiting a moderator's review (npm run knowledge:draft): never loaded. */
  draft: 'draft.yaml',
  /** Where an accepted draft goes: a Q&A file like any other under qa/. */
  acceptedDraft: 'qa/drafted.yaml',
} as const;

/**
 * Whether the entry comes from an accepted draft (qa/drafted.yaml): drafted from the article by
 * `knowledge:draft`, with the few ways of asking a draft knows, however much a moderator has reviewed it.
 */
export function isDraftedEntry(entry: Pick<QaEntry, 'file'>): boolean {
  const file = entry.file.replaceAll('\\', '/');
  return file === KNOWLEDGE_FILES.acceptedDraft || file.endsWith(`/${KNOWLEDGE_FILES.acceptedDraft}`);
}
