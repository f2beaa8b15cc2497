// Part of `npm run build`: derives the compact language data files (dist/lexicon/) from the word lists, so that
// no start has to derive them. Loading each resource derives and keeps its file when it is missing or stale.
import { isEnglishWord } from '../engine/englishWords.js';
import { DERIVED_DIR } from '../engine/derivedLexicon.js';
import { wordRarity } from '../engine/wordRarity.js';
import { loadWordRelations } from '../engine/wordRelations.js';

isEnglishWord('');
wordRarity('');
loadWordRelations();
process.stdout.write(`Language data ready in ${DERIVED_DIR}.\n`);
