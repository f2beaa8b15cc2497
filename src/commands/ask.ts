// /ask: answers a question about the story with a short answer and its verbatim quote.
import { answerQuestion, type AnswerResult } from '../engine/answerQuestion.js';
import type { KnowledgeSnapshot } from '../knowledge/knowledgeStore.js';
import type { CommandDefinition } from './commandDefinition.js';
import { exampleQuestions } from './examples.js';
import { LIMITS } from './limits.js';
import { quoteInContext, type Reply } from './reply.js';
import { suggestQuestions } from './questionAutocomplete.js';

export function whereInStory(result: Pick<AnswerResult, 'part' | 'paragraph'>): string {
  if (result.part === 'paragraph') return `Paragraph ${result.paragraph}`;
  if (result.part === 'caption') return 'Photo caption';
  return result.part === 'title' ? 'Headline' : 'Subheading';
}

/** The reply for an answer result; shared by /ask, mentions, "did you mean" buttons and the console. */
export function replyForResult(result: AnswerResult, snapshot: KnowledgeSnapshot): Reply {
  switch (result.band) {
    case 'answer':
      return {
        kind: 'answer',
        text: result.answer ?? '',
        quote: result.quote ?? '',
        ...(result.context && result.quote ? { context: quoteInContext(result.context, result.quote) } : {}),
        footer: `${whereInStory(result)} · match ${Math.round(result.score * 100)}%${result.source === 'passage' ? ' · from the story text' : ''}`,
        ephemeral: false,
        answerRef: result.entryId ?? `p${result.paragraph ?? result.part}`,
      };
    case 'chat':
      return { kind: 'chat', text: result.answer ?? '', ephemeral: false };
    case 'suggest':
      return {
        kind: 'suggest',
        text: 'I’m not sure which of these you mean. Did you mean:',
        suggestions: result.suggestions.map((s) => ({ entryId: s.entryId, question: s.question })),
        ephemeral: true,
      };
    case 'decline':
      return declineReply(snapshot);
  }
}

function declineReply(snapshot: KnowledgeSnapshot): Reply {
  const examples = exampleQuestions(snapshot.knowledge, 3);
  return {
    kind: 'decline',
    text: `The story doesn’t say that, so I can’t answer it. I only know “${snapshot.knowledge.story.title}”. Try one of these, or /help:`,
    suggestions: examples.map((question) => ({
      entryId: snapshot.knowledge.entries.find((e) => e.question === question)?.id ?? '',
      question,
    })),
    ephemeral: true,
  };
}

/** Checks the question before the engine sees it: empty and overlong input get a clear message. */
export function checkQuestion(question: string): Reply | null {
  if (question.trim().length === 0) {
    return { kind: 'notice', text: 'Ask me a question about the story, for example “who said it?”.', ephemeral: true };
  }
  if (question.length > LIMITS.question) {
    return {
      kind: 'notice',
      text: `That question is ${question.length} characters long; please keep it under ${LIMITS.question}.`,
      ephemeral: true,
    };
  }
  return null;
}

export function askQuestion(question: string, snapshot: KnowledgeSnapshot): { reply: Reply; result: AnswerResult | null } {
  const problem = checkQuestion(question);
  if (problem) return { reply: problem, result: null };
  const result = answerQuestion(snapshot.index, question);
  return { reply: replyForResult(result, snapshot), result };
}

export const askCommand: CommandDefinition = {
  name: 'ask',
  description: 'Ask a question about the story',
  options: [
    {
      name: 'question',
      description: 'Your question, in your own words',
      type: 'string',
      required: true,
      autocomplete: true,
      maxLength: LIMITS.question,
    },
    { name: 'hide', description: 'Only you see the answer', type: 'boolean' },
    { name: 'mention', description: 'Address the answer to someone (only they are pinged)', type: 'user' },
  ],
  run(options, { store }) {
    const { reply } = askQuestion(String(options.question ?? ''), store.current);
    const hide = options.hide === true;
    const mention = typeof options.mention === 'string' ? options.mention : undefined;
    return {
      ...reply,
      ephemeral: reply.ephemeral || hide,
      ...(mention && !hide && !reply.ephemeral ? { mentionUserId: mention } : {}),
    };
  },
  autocomplete(_option, typed, snapshot) {
    return suggestQuestions(snapshot, typed);
  },
};
