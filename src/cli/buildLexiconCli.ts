// Part of `npm run build`: derives the compact language data files (dist/lexicon/) from the word lists, so that
// no start has to derive them. Loading each resource derives and keeps its file when it is missing or stale.
import { isEnglishWord } from '../language/englishWords.js';
import { DERIVED_DIR } from '../language/derivedLexicon.js';
import { wordRarity } from '../language/wordRarity.js';
import { loadWordRelations } from '../language/wordRelations.js';

isEnglishWord('');
wordRarity('');
loadWordRelations();
process.stdout.write(`Language data ready in ${DERIVED_DIR}.\n`);
