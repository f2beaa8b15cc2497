// Property-based hardening: any text a user can type, and any YAML a moderator can write, is handled.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { askQuestion } from '../src/commands/ask.js';
import { LIMITS } from '../src/commands/limits.js';
import { suggestQuestions } from '../src/commands/questionAutocomplete.js';
import type { Reply } from '../src/commands/reply.js';
import { renderDiscord } from '../src/discord/renderDiscord.js';
import { answerQuestion } from '../src/engine/answerQuestion.js';
import { locateQuote } from '../src/knowledge/article.js';
import { KnowledgeError } from '../src/knowledge/knowledgeError.js';
import { buildSnapshot, type KnowledgeSnapshot } from '../src/store/knowledgeStore.js';
import { loadKnowledge, validateKnowledge } from '../src/knowledge/validateKnowledge.js';

let snapshot: KnowledgeSnapshot;
beforeAll(async () => {
  snapshot = buildSnapshot(await loadKnowledge('knowledge'));
});

/** Text users really send: emoji, zero-width, RTL, markdown, mentions, code fences, mixed with story words. */
const hostilePiece = fc.constantFrom(
  '@everyone',
  '@here',
  '<@&123456789012345678>',
  '<@123456789012345678>',
  '<#123456789012345678>',
  '```js\nx\n```',
  '**bold**',
  '__u__',
  '||spoiler||',
  '> quote',
  '\u200B',
  '\u200D',
  '\u202E',
  '\u2066',
  '\uFEFF',
  'שלום',
  'مرحبا',
  '👨‍👩‍👧‍👦',
  '🇺🇸',
  'Ｉｒａｑ',
  'ﬁ',
  '\u00A0',
  '\n',
  '\t',
  'nato',
  'Stoltenberg',
  'iraq?',
  'who',
  'killed',
  '\\',
  '"',
  '“',
  '’',
);
const userText = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), hostilePiece), {
    maxLength: 60,
  })
  .map((parts) => parts.join(' '));
const longText = fc.string({ unit: 'binary', minLength: 5_000, maxLength: 10_000 });

function checkDiscordLimits(reply: Reply, asked: string): void {
  const payload = renderDiscord(reply, { asked });
  if (payload.content) expect(payload.content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(payload.allowedMentions.parse).toEqual([]);
  expect(payload.allowedMentions.users ?? []).toEqual(reply.mentionUserId ? [reply.mentionUserId] : []);
  for (const embed of payload.embeds) {
    const data = embed.data;
    expect(data.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(data.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(data.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFooter);
    expect(data.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
    let total = (data.title?.length ?? 0) + (data.description?.length ?? 0) + (data.footer?.text.length ?? 0);
    for (const field of data.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.embedFieldName);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
      expect(field.value.length).toBeGreaterThan(0);
      total += field.name.length + field.value.length;
    }
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  }
  for (const row of payload.components) {
    const buttons = row.toJSON().components;
    expect(buttons.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const button of buttons) {
      if ('label' in button && button.label) expect(button.label.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
      if ('custom_id' in button) expect(button.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
    }
  }
}

describe('any question', () => {
  it('never makes the engine throw, and the result keeps its shape', () => {
    fc.assert(
      fc.property(fc.oneof(userText, longText), (question) => {
        const result = answerQuestion(snapshot.index, question);
        expect(['answer', 'suggest', 'decline', 'chat']).toContain(result.band);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(1);
        expect(result.suggestions.length).toBeLessThanOrEqual(3);
        expect(result.answered).toBe(result.band === 'answer');
        if (result.answered) {
          expect(result.quote).not.toBeNull();
          expect(locateQuote(snapshot.knowledge.story, result.quote!)).not.toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('renders every reply within Discord limits, letting no mention through', () => {
    fc.assert(
      fc.property(userText, fc.boolean(), (question, mention) => {
        const { reply } = askQuestion(question, snapshot);
        const withMention = mention && !reply.ephemeral ? { ...reply, mentionUserId: '123456789012345678' } : reply;
        checkDiscordLimits(withMention, question);
      }),
      { numRuns: 300 },
    );
  });

  it('renders within limits even when every text of a reply is huge and hostile', () => {
    fc.assert(
      fc.property(longText, userText, (big, hostile) => {
        const reply: Reply = {
          kind: 'answer',
          title: big,
          text: `${hostile} ${big}`,
          quote: big,
          context: { before: big, quote: hostile || 'q', after: big },
          fields: Array.from({ length: 30 }, () => ({ name: big, value: `${hostile}${big}` })),
          footer: big,
          suggestions: Array.from({ length: 7 }, (_, i) => ({ entryId: `${'x'.repeat(200)}${i}`, question: big })),
          ephemeral: false,
        };
        checkDiscordLimits(reply, big);
      }),
      { numRuns: 40 },
    );
  });

  it('autocompletes within 25 choices of at most 100 characters', () => {
    fc.assert(
      fc.property(fc.oneof(userText, longText), (typed) => {
        const choices = suggestQuestions(snapshot, typed);
        expect(choices.length).toBeLessThanOrEqual(LIMITS.autocompleteChoices);
        for (const c of choices) {
          expect(c.name.length).toBeLessThanOrEqual(LIMITS.autocompleteChoiceLength);
          expect(c.value.length).toBeLessThanOrEqual(LIMITS.autocompleteChoiceLength);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('any knowledge file', () => {
  const sources = {
    dir: 'knowledge',
    article: readFileSync('knowledge/article.txt', 'utf8'),
    story: readFileSync('knowledge/story.yaml', 'utf8'),
    qa: readFileSync('knowledge/qa.yaml', 'utf8'),
    aliases: readFileSync('knowledge/aliases.yaml', 'utf8'),
  };
  const loadsOrKnowledgeError = (change: Partial<typeof sources>) => {
    try {
      validateKnowledge({ ...sources, ...change });
    } catch (error) {
      expect(error).toBeInstanceOf(KnowledgeError);
      expect((error as KnowledgeError).problems.length).toBeGreaterThan(0);
    }
  };
  const yamlValue = fc.anything({ maxDepth: 4, withBigInt: false, withObjectString: true, withNullPrototype: false });

  it('either loads or gives a KnowledgeError for arbitrary text and arbitrary YAML values', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 400 }),
          // yaml's types say string, but stringify(undefined) returns undefined.
          yamlValue.map((v) => (stringify(v) as string | undefined) ?? ''),
        ),
        fc.constantFrom('qa', 'story', 'aliases'),
        (text, file) => loadsOrKnowledgeError({ [file]: text }),
      ),
      { numRuns: 300 },
    );
  });

  it('either loads or gives a KnowledgeError for entries of arbitrary shape', () => {
    const entry = fc.record(
      {
        id: fc.oneof(fc.string(), yamlValue),
        question: fc.oneof(fc.string(), yamlValue),
        answer: fc.oneof(fc.string(), yamlValue),
        quote: fc.oneof(fc.string(), yamlValue),
        alternates: yamlValue,
        kind: fc.oneof(fc.constantFrom('fact', 'chat'), yamlValue),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), (entries) => loadsOrKnowledgeError({ qa: stringify({ entries }) })),
      { numRuns: 200 },
    );
  });
});
