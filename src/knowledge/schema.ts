// The shape of each knowledge file, as moderators write it.
import { z } from 'zod';

const text = (what: string) =>
  z.string({ error: `${what} must be text` }).trim().min(1, { error: `${what} is empty` });

// Only the title is required: most articles have no subtitle or photo, and the text may not say its date or
// source. A field left out is simply not shown.
export const storyFileSchema = z.strictObject({
  title: text('title'),
  subtitle: text('subtitle').optional(),
  caption: text('caption').optional(),
  credit: text('credit').optional(),
  date: z.iso.date({ error: 'date must be written as YYYY-MM-DD' }).optional(),
  byline: text('byline').optional(),
  source: text('source').optional(),
  url: z.url({ error: 'url must be a web address, like https://example.com/news/story' }).optional(),
  summary: text('summary').optional(),
  boilerplate: z.array(text('a boilerplate line')).default([]),
});
export type StoryFile = z.infer<typeof storyFileSchema>;

export const ENTRY_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const entryKind = z.enum(['fact', 'chat', 'not-in-story'], { error: 'kind must be "fact", "chat" or "not-in-story"' });

export const qaEntrySchema = z.strictObject({
  id: z
    .string({ error: 'id must be text' })
    .regex(ENTRY_ID_PATTERN, { error: 'id must be lowercase words joined by dashes, like "who-announced-it"' }),
  kind: entryKind.default('fact'),
  question: text('question').max(100, { error: 'question is longer than 100 characters (Discord shows at most 100)' }),
  alternates: z.array(text('an alternate phrasing')).default([]),
  answer: text('answer').max(1000, { error: 'answer is longer than 1000 characters' }),
  quote: text('quote').optional(),
  tags: z.array(text('a tag')).default([]),
  related: z.array(text('a related id')).default([]),
});
export type QaEntryFile = z.infer<typeof qaEntrySchema>;

// "entries:" with nothing under it is an empty list, as a moderator starting a file writes it.
export const qaFileSchema = z.strictObject({
  entries: z.array(z.unknown(), { error: 'the file must have an "entries:" list' }).nullable(),
});

export const aliasesFileSchema = z.strictObject({
  aliases: z.record(
    z.string().regex(/^[\p{L}\p{N}]+$/u, { error: 'an alias key must be a single word' }),
    z.array(text('an alias variant')).min(1, { error: 'an alias needs at least one variant' }),
    { error: 'the file must have an "aliases:" map' },
  ),
});
