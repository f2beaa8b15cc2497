// /ask: answers a question about the story with a short answer and its verbatim quote.
import type { AnswerResult } from '../engine/answerQuestion.js';
import { answerFollowUp, subjectAfter } from '../engine/followUp.js';
import type { KnowledgeSnapshot } from '../store/knowledgeStore.js';
import type { CommandDefinition, CommandOrigin, Conversation } from './commandDefinition.js';
import { typedWords } from '../language/chatTyping.js';
import type { Outcome, QuestionRecord } from '../record/questionRecord.js';
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
      if (result.reason === 'not-in-story') return notInStoryReply(result, snapshot);
      return result.closestSentence ? closestSentenceReply(result.closestSentence, snapshot) : declineReply(snapshot);
  }
}

/** The moderators' honest words for a question the story doesn't answer, with the facts they relate to it. */
function notInStoryReply(result: AnswerResult, snapshot: KnowledgeSnapshot): Reply {
  const { entries } = snapshot.knowledge;
  const related = entries.find((e) => e.id === result.entryId)?.related ?? [];
  const facts = related.flatMap((id) => entries.filter((e) => e.id === id && e.kind === 'fact'));
  return {
    kind: 'decline',
    text: facts.length > 0 ? `${result.answer ?? ''}\nWhat the story does say:` : (result.answer ?? ''),
    suggestions: facts.slice(0, 3).map((e) => ({ entryId: e.id, question: e.question })),
    ephemeral: true,
  };
}

/** A decline that shows the sentence the story comes closest with, marked as not an answer. */
function closestSentenceReply(closest: NonNullable<AnswerResult['closestSentence']>, snapshot: KnowledgeSnapshot): Reply {
  return {
    kind: 'decline',
    text: `I can’t find a clear answer to that in “${snapshot.knowledge.story.title}”. The closest the story comes is paragraph ${closest.paragraph}, which may not be what you asked:`,
    quote: closest.text,
    footer: `Paragraph ${closest.paragraph} · not a confident answer: try asking with other words, or /help`,
    ephemeral: true,
  };
}

function declineReply(snapshot: KnowledgeSnapshot): Reply {
  const examples = exampleQuestions(snapshot, 3);
  const title = snapshot.knowledge.story.title;
  return {
    kind: 'decline',
    text:
      examples.length > 0
        ? `The story doesn’t say that, so I can’t answer it. I only know “${title}”. Try one of these, or /help:`
        : `The story doesn’t say that, so I can’t answer it. I only know “${title}”. Try asking with other words, or /help.`,
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
      text: `That question is ${question.length.toLocaleString('en-US')} characters long; please keep it under ${LIMITS.question}.`,
      ephemeral: true,
    };
  }
  return null;
}

const OUTCOMES: Record<AnswerResult['band'], Outcome> = { answer: 'answered', suggest: 'suggested', decline: 'declined', chat: 'chat' };

/** Keeps the question in the record (if there is one); an answer gets the id its feedback buttons vote on. */
export function recordAsked(
  question: string,
  result: AnswerResult,
  record: QuestionRecord | undefined,
  origin: CommandOrigin | undefined,
): number | null {
  if (!record || !origin) return null;
  return record.recordQuestion({
    guildId: origin.guildId,
    channelKind: origin.channelKind,
    question,
    normalised: typedWords(question).join(' '),
    outcome: OUTCOMES[result.band],
    entryId: result.entryId ?? result.closestEntryId,
    paragraph: result.paragraph,
    score: result.score,
  });
}

export function askQuestion(
  question: string,
  snapshot: KnowledgeSnapshot,
  recording: { record?: QuestionRecord | undefined; origin?: CommandOrigin | undefined } = {},
  conversation?: Conversation,
): { reply: Reply; result: AnswerResult | null } {
  const problem = checkQuestion(question);
  if (problem) return { reply: problem, result: null };
  // A follow-up is read with the asker's last question about this story; chat ("ok thanks") keeps that subject.
  const story = snapshot.knowledge.story.title;
  const previous = conversation?.memory.recall(conversation.asker, story) ?? null;
  const answer = answerFollowUp(snapshot.index, question, previous);
  const { result } = answer;
  const subject = subjectAfter(answer);
  if (conversation && subject !== null && (!conversation.answeredOnly || result.band === 'answer'))
    conversation.memory.remember(conversation.asker, story, subject);
  const reply = withFollowUpNote(replyForResult(result, snapshot), answer.followedUp);
  const id = recordAsked(question, result, recording.record, recording.origin);
  return { reply: withFeedback(reply, result, id), result };
}

/** An answer read with the asker's last question says so: a wrong guess at what "that" meant is then plain. */
function withFollowUpNote(reply: Reply, followedUp: boolean): Reply {
  return followedUp && reply.footer !== undefined ? { ...reply, footer: `${reply.footer} · read with your last question` } : reply;
}

/** An answer that was recorded gets feedback buttons voting on its record id. */
export function withFeedback(reply: Reply, result: AnswerResult, id: number | null): Reply {
  return id !== null && result.answered ? { ...reply, feedbackId: id } : reply;
}

export const askCommand: CommandDefinition = {
  name: 'ask',
  description: 'Ask a question about the story',
  rateLimited: true,
  questionOption: 'question',
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
  run(options, { store, record, origin, conversation }) {
    const { reply } = askQuestion(String(options.question ?? ''), store.current, { record, origin }, conversation);
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
