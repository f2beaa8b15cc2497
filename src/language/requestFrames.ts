// A question asked indirectly, as a request: "could you tell me who leads it?", "please remind me, when is it?",
// "do you know where ...", "i was wondering why ...", "tell me about ...". The frame asks nothing about the
// story: read without it, the question is the one inside ("who leads it?"), not a yes/no question about the
// asker ("could", "me"). So is a worksheet's numbering ("Q1 who is ...").

const POLITE = '(?:please |pls |plz |kindly )?';
/** Frames, each ending right before the question word (or "about") it introduces. */
const REQUEST =
  '(?:' +
  [
    `${POLITE}(?:(?:can|could|would|will) (?:you|u) ${POLITE})?(?:tell|remind|show|let) (?:me|us) ${POLITE}(?:again |know )?`,
    `(?:do|does) (?:you|u|anyone|anybody) (?:know|remember) `,
    // typedWords has written "i'd" and "i'm" out.
    `(?:i|we) would (?:like|love) to know `,
    `i (?:am |was )?wondering `,
    `i need to know `,
  ].join('|') +
  ')(?=(?:who|whom|whose|what|when|where|why|how|which|if|whether|about|more about) )';
/** A worksheet's numbering before the question: "Q1", "question 3". */
const NUMBERING = '(?:q\\d+|question \\d+) ';
const FRAME = new RegExp(`^(?:${NUMBERING})?(?:${REQUEST})?`);

/** How many of the words, from the first, frame the question they ask (0 when none). */
export function requestFrameLength(words: readonly string[]): number {
  const text = `${words.join(' ')} `;
  const frame = FRAME.exec(text)?.[0].trim();
  return frame ? frame.split(' ').length : 0;
}
