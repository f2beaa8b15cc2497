// What kind of message a question is, beyond its content: a request about the asker's own situation, advice,
// taste, the present moment, the group in the channel. A news story answers few of these; the decision models
// weigh each. Plain English patterns over the question's words (chat spellings already written out).

export interface QuestionIntent {
  /** "how do I ...", "can I ...", "give me": about the asker's own situation. */
  readonly personal: number;
  /** "I", "my", "me". */
  readonly firstPerson: number;
  /** "we", "our", "anyone", "guys": about the people in the channel. */
  readonly weUs: number;
  /** "today", "now", "this weekend": the present, which a story rarely is about. */
  readonly deictic: number;
  /** "how to", "any tips", "recommend": advice, not what the story says. */
  readonly advice: number;
}

const PERSONAL =
  /(^| )((do|can|could|should|may) i( |$)|give me|how (do|can|should|would) i|where (can|do|should) i|i (want|need|have|am|was|think|just|got) )/;
const FIRST_PERSON = / (i|my|me|mine|im|myself) /;
const WE = / (we|us|our|ours|everyone|anyone|yall|guys) /;
// "these days", "at present", "right now" reach here as "now" (chatTyping.ts).
const NOW = / (today|tonight|tomorrow|now|currently|this weekend|last night|nowadays) /;
const ADVICE =
  / (how (do|can|should|would) (i|you|u|we)|how to|(can|could|should) (i|u|you|we) |any tips|tips for|recommend|suggest|advice) /;

/** Words of opinion and taste: a question about what the story says rarely needs one the story doesn't use. */
export const OPINION_WORDS: ReadonlySet<string> = new Set(
  'good best better worse worst recommend ok okay scary funny worth safe cheap cheapest favourite favorite fav nice cool fun boring overrated underrated tasty delicious hard easy'.split(
    ' ',
  ),
);

export function questionIntent(words: readonly string[]): QuestionIntent {
  const text = ` ${words.join(' ')} `;
  const flag = (pattern: RegExp) => (pattern.test(text) ? 1 : 0);
  return { personal: flag(PERSONAL), firstPerson: flag(FIRST_PERSON), weUs: flag(WE), deictic: flag(NOW), advice: flag(ADVICE) };
}
