// Porter (1980) stemmer: maps inflected forms to one stem so "killing", "killed" and "kills" meet.
import { RememberedWork } from './rememberedWork.js';
import { isEnglishWord } from './englishWords.js';

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

function isConsonant(word: string, i: number): boolean {
  const ch = word[i]!;
  if (VOWELS.has(ch)) return false;
  if (ch === 'y') return i === 0 ? true : !isConsonant(word, i - 1);
  return true;
}

/** m(): the number of vowel-consonant sequences in `stem`. */
function measure(stem: string): number {
  let m = 0;
  let i = 0;
  const n = stem.length;
  while (i < n && isConsonant(stem, i)) i++;
  while (i < n) {
    while (i < n && !isConsonant(stem, i)) i++;
    if (i >= n) break;
    while (i < n && isConsonant(stem, i)) i++;
    m++;
  }
  return m;
}

function hasVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

/** *o: stem ends consonant-vowel-consonant, the last not w, x or y. */
function endsCvc(word: string): boolean {
  const n = word.length;
  if (n < 3) return false;
  const last = word[n - 1]!;
  return isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1) && last !== 'w' && last !== 'x' && last !== 'y';
}

function replaceSuffix(word: string, rules: ReadonlyArray<readonly [string, string]>, minMeasure: number): string {
  for (const [suffix, replacement] of rules) {
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, -suffix.length);
      return measure(stem) > minMeasure ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(w: string): string {
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ies')) return w.slice(0, -2);
  if (w.endsWith('ss')) return w;
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

function step1b(w: string): string {
  if (w.endsWith('eed')) {
    return measure(w.slice(0, -3)) > 0 ? w.slice(0, -1) : w;
  }
  let stem: string | undefined;
  if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) stem = w.slice(0, -2);
  else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) stem = w.slice(0, -3);
  if (stem === undefined) return w;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
  if (endsDoubleConsonant(stem) && !/[lsz]$/.test(stem)) return stem.slice(0, -1);
  if (measure(stem) === 1 && endsCvc(stem)) return stem + 'e';
  return stem;
}

function step1c(w: string): string {
  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) return w.slice(0, -1) + 'i';
  return w;
}

const STEP2: ReadonlyArray<readonly [string, string]> = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['logi', 'log'],
];
const STEP3: ReadonlyArray<readonly [string, string]> = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];
const STEP4 = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ion',
  'ou',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
];

function longestMatch<T extends string | readonly [string, string]>(w: string, rules: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const rule of rules) {
    const suffix = typeof rule === 'string' ? rule : rule[0];
    if (w.endsWith(suffix) && (!best || suffix.length > (typeof best === 'string' ? best : best[0]).length)) best = rule;
  }
  return best;
}

function step2or3(w: string, rules: ReadonlyArray<readonly [string, string]>): string {
  const rule = longestMatch(w, rules);
  return rule ? replaceSuffix(w, [rule], 0) : w;
}

function step4(w: string): string {
  const suffix = longestMatch(w, STEP4);
  if (!suffix) return w;
  const stem = w.slice(0, -suffix.length);
  if (measure(stem) <= 1) return w;
  if (suffix === 'ion' && !/[st]$/.test(stem)) return w;
  return stem;
}

function step5(w: string): string {
  if (w.endsWith('e')) {
    const stem = w.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) w = stem;
  }
  if (measure(w) > 1 && endsDoubleConsonant(w) && w.endsWith('l')) w = w.slice(0, -1);
  return w;
}

const stems = new RememberedWork<string>(50_000);

// Porter leaves "clearly" as "clearli", apart from "clear": an adverb of six letters or more whose
// adjective is a dictionary word stems as that adjective ("clearly", "roughly", "easily"). Shorter ones
// are left alone: "early" is not "ear", "only" is not "on".
function adjectiveOfAdverb(word: string): string {
  if (word.length < 6 || !word.endsWith('ly')) return word;
  const base = word.endsWith('ily') ? word.slice(0, -3) + 'y' : word.slice(0, -2);
  return isEnglishWord(base) ? base : word;
}

/** Stems one lowercase word. Words of one or two letters and non-alphabetic tokens pass unchanged. */
// Irregular forms Porter's suffix rules can't reach: "sold" is "sell", "spokesmen" is "spokesman".
const IRREGULAR: ReadonlyMap<string, string> = new Map(
  `arose:arise arisen:arise ate:eat eaten:eat became:become began:begin begun:begin bent:bend bitten:bite bled:bleed blew:blow blown:blow broke:break broken:break bred:breed brought:bring built:build burnt:burn
  bought:buy caught:catch chose:choose chosen:choose came:come crept:creep dealt:deal dug:dig  drew:draw
  drawn:draw dreamt:dream drank:drink drunk:drink drove:drive driven:drive fell:fall fallen:fall fed:feed felt:feel
  fought:fight found:find fled:flee flew:fly flown:fly forbade:forbid forgot:forget forgotten:forget forgave:forgive
  forgiven:forgive froze:freeze frozen:freeze got:get gotten:get gave:give given:give went:go gone:go grew:grow
  grown:grow hung:hang heard:hear hid:hide hidden:hide held:hold kept:keep knelt:kneel knew:know known:know laid:lay
  led:lead leapt:leap learnt:learn left:leave lent:lend lit:light lost:lose made:make meant:mean
  met:meet paid:pay rode:ride ridden:ride rang:ring rung:ring rose:rise risen:rise ran:run said:say saw:see seen:see
  sought:seek sold:sell sent:send shook:shake shaken:shake shone:shine shot:shoot showed:show shown:show shrank:shrink
  sang:sing sung:sing sank:sink sunk:sink sat:sit slept:sleep slid:slide spoke:speak spoken:speak sped:speed
  spent:spend spun:spin spat:spit sprang:spring stood:stand stole:steal stolen:steal
  stuck:stick stung:sting struck:strike strove:strive swore:swear sworn:swear swept:sweep swam:swim swum:swim
  swung:swing took:take taken:take taught:teach tore:tear torn:tear told:tell thought:think threw:throw thrown:throw
  understood:understand woke:wake woken:wake wore:wear worn:wear won:win withdrew:withdraw
  withdrawn:withdraw wrote:write written:write men:man women:woman spokesmen:spokesman spokeswomen:spokeswoman
  chairmen:chairman businessmen:businessman children:child mice:mouse feet:foot teeth:tooth geese:goose`
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.split(':') as [string, string]),
);

export function stem(word: string): string {
  if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
  return stems.get(word, porterStem);
}

function porterStem(word: string): string {
  let w = adjectiveOfAdverb(IRREGULAR.get(word) ?? word);
  w = step1a(w);
  w = step1b(w);
  w = step1c(w);
  w = step2or3(w, STEP2);
  w = step2or3(w, STEP3);
  w = step4(w);
  return step5(w);
}
