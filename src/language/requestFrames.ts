// A question asked indirectly, as a request: "could you tell me who leads it?", "please remind me, when is it?",
// "do you know where ...", "i was wondering why ...", "tell me about ...". The frame asks nothing about the
// story: read without it, the question is the one inside ("who leads it?"), not a yes/no question about the
// asker ("could", "me").

const POLITE = '(?:please |pls |plz |kindly )?';
/** Frames, each ending right before the question word (or "about") it introduces. */
const FRAME = new RegExp(
  '^(?:' +
    [
      `${POLITE}(?:(?:can|could|would|will) (?:you|u) ${POLITE})?(?:tell|remind|show|let) (?:me|us) ${POLITE}(?:again |know )?`,
      `(?:do|does) (?:you|u|anyone|anybody) (?:know|remember) `,
      // typedWords has written "i'd" and "i'm" out.
      `(?:i|we) would (?:like|love) to know `,
      `i (?:am |was )?wondering `,
      `i need to know `,
    ].join('|') +
    ')(?=(?:who|whom|whose|what|when|where|why|how|which|if|whether|about|more about) )',
);

/** How many of the words, from the first, are a request frame before the question they ask (0 when none). */
export function requestFrameLength(words: readonly string[]): number {
  const text = `${words.join(' ')} `;
  const frame = FRAME.exec(text)?.[0];
  return frame ? frame.trim().split(' ').length : 0;
}
