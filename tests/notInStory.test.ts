/**
 * Proves not-in-story entries, the moderators' list of questions the story doesn't answer, on the second
 * story with one such entry added in `qa/`: a question matching it is declined in the moderators' words
 * (never `answered`, no quote) with the facts they relate to it, while the neighbouring facts still answer;
 * such entries are never offered as "did you mean" or autocomplete choices.
 */
import { describe, expect, it } from 'vitest';
import { replyForResult } from '../src/commands/ask.js';
import { suggestQuestions } from '../src/commands/questionAutocomplete.js';
import { answerForEntry, answerQuestion } from '../src/engine/answerQuestion.js';
import { BOOKS_VALUE, secondStoryForTests } from './support/secondStoryWith.js';

const story = secondStoryForTests({ 'not-in-story.yaml': BOOKS_VALUE });

describe('a question the knowledge says the story does not answer', () => {
  it.each(['how much were the damaged books worth?', 'whats the value of the ruined bookz'])(
    '"%s" is declined in the entry’s words',
    (question) => {
      const result = answerQuestion(story.snapshot.index, question);
      expect(result).toMatchObject({
        answered: false,
        band: 'decline',
        reason: 'not-in-story',
        entryId: 'books-value',
        quote: null,
        context: null,
        paragraph: null,
        suggestions: [],
      });
      expect(result.answer).toMatch(/^The story doesn't put a value on the books/);
    },
  );

  it('leaves the facts next to it answered', () => {
    expect(answerQuestion(story.snapshot.index, 'how many books were damaged')).toMatchObject({ answered: true, entryId: 'books-damaged' });
    expect(answerQuestion(story.snapshot.index, 'how much did the repairs cost')).toMatchObject({ answered: true, entryId: 'repair-cost' });
  });

  it('must be asked nearly as one of its phrasings is written: its words together also cover facts', () => {
    // Every content word here is in the entry's phrasings, but no phrasing says anything like it.
    const result = answerQuestion(story.snapshot.index, 'were the damaged books lost');
    expect(result.reason).not.toBe('not-in-story');
    // The fact its words cover answers, or is offered.
    expect([result.entryId, ...result.suggestions.map((s) => s.entryId)]).toContain('books-damaged');
  });

  it('replies with the moderators’ words and offers the related facts', () => {
    const reply = replyForResult(answerQuestion(story.snapshot.index, 'how much were the damaged books worth'), story.snapshot);
    expect(reply).toMatchObject({ kind: 'decline', ephemeral: true });
    expect(reply.text).toContain("The story doesn't put a value on the books");
    expect(reply.text).toContain('What the story does say:');
    expect(reply.suggestions?.map((s) => s.entryId)).toEqual(['books-damaged', 'repair-cost']);
  });

  it('a button naming it declines the same way', () => {
    expect(answerForEntry(story.snapshot.index, 'books-value')).toMatchObject({ answered: false, reason: 'not-in-story', quote: null });
  });

  it('is never offered as an autocomplete choice', () => {
    const choices = suggestQuestions(story.snapshot, 'how much were the books worth').map((c) => c.name);
    expect(choices).not.toContain('How much were the damaged books worth?');
    expect(choices.length).toBeGreaterThan(1);
  });
});
