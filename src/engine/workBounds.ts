// Bounds on the work one question can cause, whatever its length: a 499-character message of misspelt words must
// not hold the event loop much longer than a short question does. Past a bound the rest of the question is still
// read, word for word: no typo fixing and no related words for it. Questions people ask stay well inside them
// (of the 5,731 dev questions, the most words outside the knowledge in one is 14, the most content terms 16).
export const WORK_BOUNDS = {
  /** Distinct words outside the knowledge looked at for typos, run-together words and everyday misspellings. */
  wordsCorrected: 16,
  /** Question terms whose related story words (WordNet, word vectors) are looked for: the heaviest ones. */
  termsRelated: 16,
} as const;
