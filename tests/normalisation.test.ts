/**
 * Proves the text normalisation the engine and the validator share: one definition of "the same words"
 * (NFKC, case, quote marks, invisible and non-breaking spaces, punctuation, contractions, accents), the
 * quote normalisation, the Porter stemmer, and the TextAnalyzer's aliases and chat spellings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { questionIntent } from '../src/engine/questionIntent.js';
import { buildSpellingCorrector } from '../src/engine/spellingCorrector.js';
import { stem } from '../src/language/stem.js';
import { normaliseForQuote, normaliseForQuoteWithOffsets, questionKey, straightenQuotes, words } from '../src/language/text.js';
import { typedWords } from '../src/language/chatTyping.js';
import { TextAnalyzer } from '../src/engine/textAnalyzer.js';
import { WORK_BOUNDS } from '../src/engine/tuning.js';

describe('words()', () => {
  it.each([
    ['full-width letters fold to ASCII (NFKC)', 'ＮＡＴＯ Ｃｈｉｅｆ', ['nato', 'chief']],
    ['the ﬁ ligature becomes two letters (NFKC)', 'the ﬁrst step', ['the', 'first', 'step']],
    ['upper case folds to lower case', 'WHO Leads NATO?', ['who', 'leads', 'nato']],
    ['a curly apostrophe works like a straight one', 'what’s the plan', ['what', 'is', 'the', 'plan']],
    ['curly double quotes are dropped like straight ones', '“Stoltenberg” said', ['stoltenberg', 'said']],
    ['a non-breaking space separates words', 'nato\u00A0chief', ['nato', 'chief']],
    ['a zero-width space inside a word is removed', 'stol\u200Btenberg', ['stoltenberg']],
    ['a byte-order mark and a soft hyphen are removed', '\uFEFFstol\u00ADtenberg', ['stoltenberg']],
    ['punctuation and dashes separate words', 'hello, world!!! (nato) — iraq...', ['hello', 'world', 'nato', 'iraq']],
    ['emoji are not words', '🙂 nato 🚀', ['nato']],
    ['digits are words', 'February 2020', ['february', '2020']],
    ['a number with a thousands separator is one word', 'up to 2,500 jobs', ['up', 'to', '2500', 'jobs']],
    ['a number with a decimal point is one word', '$53.09 a barrel, 2.5 million', ['53.09', 'a', 'barrel', '2.5', 'million']],
    ['a comma and a space between numbers separate them', 'in 2004, 200 million', ['in', '2004', '200', 'million']],
    ['a sum is its numbers', "what's 2+2", ['what', 'is', '2', '2']],
    ['"w/o" is "without"', 'tea w/o sugar', ['tea', 'without', 'sugar']],
    [
      'dotted initials are one word, not letters ("u" reads as "you")',
      'the U.S. and the U.N. at 9 p.m.',
      ['the', 'us', 'and', 'the', 'un', 'at', '9', 'pm'],
    ],
    ['a full stop after a word is not initials', 'Mr. Brown said so. Then left', ['mr', 'brown', 'said', 'so', 'then', 'left']],
    ['a hyphenated word is two words', 'capacity-building', ['capacity', 'building']],
    [
      'Discord markup (mentions, custom emoji, @everyone, links) is not words',
      '<@123456789012345678> <#234567890123456789> <:nato:345678901234567890> @everyone who leads nato? https://example.com/a?b=c',
      ['who', 'leads', 'nato'],
    ],
  ])('%s', (_why, text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it.each([
    ["what's", ['what', 'is']],
    ['who’s', ['who', 'is']],
    ["it's", ['it', 'is']],
    ["doesn't", ['does', 'not']],
    ['didn’t', ['did', 'not']],
    ["won't", ['will', 'not']],
    ["can't", ['can', 'not']],
    ["they're", ['they', 'are']],
    ["we'll", ['we', 'will']],
    ["I've", ['i', 'have']],
    ["I'm", ['i', 'am']],
    ["y'all", ['yall']],
  ])('expands the contraction %j', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it('drops a possessive ’s or s’ instead of reading it as "is"', () => {
    expect(words("Stoltenberg's job")).toEqual(['stoltenberg', 'job']);
    expect(words('Nato’s role')).toEqual(['nato', 'role']);
    expect(words("the troops' bases")).toEqual(['the', 'troops', 'bases']);
  });

  it('drops accents on Latin letters, composed or combining', () => {
    expect(words('Café Señor naïve Bruxelles')).toEqual(['cafe', 'senor', 'naive', 'bruxelles']);
    expect(words('e\u0301tude')).toEqual(['etude']);
  });

  it('keeps letters of other scripts, with their marks', () => {
    expect(words('Ελλάδα')).toEqual(['ελλάδα']);
    expect(words('日本語 test')).toEqual(['日本語', 'test']);
  });

  it('finds no words in punctuation, emoji or white space', () => {
    expect(words('?!… — 🙂 \u00A0\u200B')).toEqual([]);
  });
});

describe('questionKey()', () => {
  it('gives two phrasings of one question the same key', () => {
    expect(questionKey("Who's the NATO chief?!")).toBe(questionKey('who is the nato chief'));
    expect(questionKey('  Did   Iraq  give Nato “permission”? ')).toBe('did iraq give nato permission');
    expect(questionKey('ＷＨＯ’Ｓ the chief')).toBe('who is the chief');
    expect(questionKey('Where’s Nato’s HQ?')).toBe(questionKey("where is nato's hq"));
  });

  it('keeps different questions apart', () => {
    expect(questionKey('who is the nato chief')).not.toBe(questionKey('who was the nato chief'));
    expect(questionKey('does nato stay')).not.toBe(questionKey("doesn't nato stay"));
  });

  it('is empty for text without words', () => {
    expect(questionKey('?!... 🙂')).toBe('');
  });
});

describe('normaliseForQuote()', () => {
  it('straightens curly quote marks but keeps case and punctuation', () => {
    expect(normaliseForQuote('“We will only stay,” he said. It’s Nato’s')).toBe('"We will only stay," he said. It\'s Nato\'s');
  });

  it('makes every run of white space, non-breaking included, one space and trims the ends', () => {
    expect(normaliseForQuote('  member\u00A0\u00A0nations’\n\tdefence   ministers ')).toBe("member nations' defence ministers");
  });

  it('removes invisible characters and applies NFKC', () => {
    expect(normaliseForQuote('Stol\u200Btenberg ﬁrst ＡＢ')).toBe('Stoltenberg first AB');
  });

  it('treats a quote typed with straight marks as the same as the article’s curly one', () => {
    const article = '“We will only stay in Iraq as long as we are welcome."';
    expect(normaliseForQuote('"We will only stay in Iraq  as long as we are welcome.”')).toBe(normaliseForQuote(article));
  });

  it('straightenQuotes keeps the text length, so offsets stay valid', () => {
    const text = '“a” ‘b’ «c»';
    expect(straightenQuotes(text)).toBe('"a" \'b\' "c"');
    expect(straightenQuotes(text)).toHaveLength(text.length);
  });
});

describe('stem() (Porter 1980)', () => {
  // Outputs of the reference Porter stemmer (tartarus.org/martin/PorterStemmer), step by step.
  it.each([
    ['killing', 'kill'],
    ['killed', 'kill'],
    ['kills', 'kill'],
    ['troops', 'troop'],
    ['expansion', 'expans'],
    ['conflated', 'conflat'],
    ['announcements', 'announc'],
    ['permission', 'permiss'],
    ['retaliation', 'retali'],
    ['training', 'train'],
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['ties', 'ti'],
    ['caress', 'caress'],
    ['cats', 'cat'],
    ['feed', 'feed'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['hopping', 'hop'],
    ['tanned', 'tan'],
    ['falling', 'fall'],
    ['hissing', 'hiss'],
    ['fizzed', 'fizz'],
    ['failing', 'fail'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['sky', 'sky'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['rational', 'ration'],
    ['digitizer', 'digit'],
    ['operator', 'oper'],
    ['feudalism', 'feudal'],
    ['decisiveness', 'decis'],
    ['hopefulness', 'hope'],
    ['callousness', 'callous'],
    ['triplicate', 'triplic'],
    ['formative', 'form'],
    ['electrical', 'electr'],
    ['goodness', 'good'],
    ['revival', 'reviv'],
    ['allowance', 'allow'],
    ['inference', 'infer'],
    ['airliner', 'airlin'],
    ['adjustable', 'adjust'],
    ['defensible', 'defens'],
    ['irritant', 'irrit'],
    ['replacement', 'replac'],
    ['adjustment', 'adjust'],
    ['dependent', 'depend'],
    ['adoption', 'adopt'],
    ['communism', 'commun'],
    ['activate', 'activ'],
    ['effective', 'effect'],
    ['bowdlerize', 'bowdler'],
    ['probate', 'probat'],
    ['rate', 'rate'],
    ['cease', 'ceas'],
    ['controll', 'control'],
    ['roll', 'roll'],
    ['generalizations', 'gener'],
    ['oscillators', 'oscil'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('maps irregular forms Porter cannot reach to their base form first: sold is sell, spokesmen is spokesman', () => {
    expect(stem('sold')).toBe(stem('sell'));
    expect(stem('bled')).toBe(stem('bleed'));
    expect(stem('spokesmen')).toBe(stem('spokesman'));
    expect(stem('took')).toBe(stem('take'));
    // A word that is also a form of another keeps its own stem when it is no irregular form.
    expect(stem('bitten')).toBe(stem('bite'));
  });

  it('leaves words of one or two letters and non-alphabetic tokens alone', () => {
    expect(stem('us')).toBe('us');
    expect(stem('is')).toBe('is');
    expect(stem('2020')).toBe('2020');
    expect(stem('日本語')).toBe('日本語');
  });

  it('stems an adverb of six letters or more as its adjective, when that is a word; short ones stay', () => {
    expect(stem('clearly')).toBe(stem('clear'));
    expect(stem('easily')).toBe(stem('easy'));
    expect(stem('weekly')).toBe(stem('week'));
    expect(stem('family')).toBe('famili');
    expect(stem('early')).not.toBe(stem('ear'));
    expect(stem('only')).toBe('onli');
  });

  it('gives the same stem for a word asked twice (the cache returns what the rules return)', () => {
    expect(stem('expansions')).toBe(stem('expansions'));
    expect(stem('expansions')).toBe('expans');
  });
});

describe('typedWords()', () => {
  it('writes chat spellings out in full', () => {
    expect(typedWords('wat r u')).toEqual(['what', 'are', 'you']);
    expect(typedWords('whos ur boss')).toEqual(['who', 'is', 'your', 'boss']);
    expect(typedWords('wot did dat guy say to dem')).toEqual(['what', 'did', 'that', 'guy', 'say', 'to', 'them']);
    expect(typedWords('whn is it')).toEqual(['when', 'is', 'it']);
    expect(typedWords('b4 the meeting, wanna go')).toEqual(['before', 'the', 'meeting', 'want', 'to', 'go']);
  });

  it('reads "gonna" as the future and "rn" as now, not as going somewhere or being right', () => {
    expect(typedWords('when r we gonna hear more')).toEqual(['when', 'are', 'we', 'will', 'hear', 'more']);
    expect(typedWords('whos in charge rn')).toEqual(['who', 'is', 'in', 'charge', 'now']);
  });

  it('names a channel mention or #channel as a channel, so talk about the server reads as such', () => {
    expect(typedWords('#general is so dead lol')).toEqual(['channel', 'is', 'so', 'dead', 'lol']);
    expect(typedWords('post it in <#234567890123456789>')).toEqual(['post', 'it', 'in', 'channel']);
    expect(typedWords('the #1 reason')).toEqual(['the', '1', 'reason']);
  });

  it('reads "were" before another auxiliary as "where", and leaves a real "were" alone', () => {
    expect(typedWords('were was he killed')).toEqual(['where', 'was', 'he', 'killed']);
    expect(typedWords('were is nato based')).toEqual(['where', 'is', 'nato', 'based']);
    expect(typedWords('were they killed')).toEqual(['were', 'they', 'killed']);
  });

  it('drops the asking itself ("wanna know", "want to ask") but keeps a wanting that is asked about', () => {
    expect(typedWords('wanna know what iraq asked for')).toEqual(['what', 'iraq', 'asked', 'for']);
    expect(typedWords('i want to ask who said it')).toEqual(['i', 'who', 'said', 'it']);
    expect(typedWords('does iraq want to keep nato')).toEqual(['does', 'iraq', 'want', 'to', 'keep', 'nato']);
    expect(typedWords('nato tryna expand')).toEqual(['nato', 'trying', 'to', 'expand']);
    expect(typedWords('who was he no cap, for real')).toEqual(['who', 'was', 'he']);
  });

  it('reads "these days", "at present", "right now" as "now": no word of the story, but a question about the present', () => {
    expect(typedWords('who leads it these days')).toEqual(['who', 'leads', 'it', 'now']);
    expect(typedWords('who leads it at present')).toEqual(['who', 'leads', 'it', 'now']);
    expect(typedWords('what time is it in gmt right now')).toEqual(['what', 'time', 'is', 'it', 'in', 'gmt', 'now']);
    expect(questionIntent(typedWords('who leads it these days')).deictic).toBe(1);
    // A present, or the right answer now, are words.
    expect(typedWords('a present for the mayor')).toEqual(['a', 'present', 'for', 'the', 'mayor']);
    expect(typedWords('is that right')).toEqual(['is', 'that', 'right']);
  });

  it('takes out letters held down for emphasis, keeping a double that makes a word', () => {
    expect(typedWords('hiii thanksss sooo much')).toEqual(['hi', 'thanks', 'so', 'much']);
    expect(typedWords('cooool whyyy')).toEqual(['cool', 'why']);
    expect(typedWords('yooo wat r u')).toEqual(['yo', 'what', 'are', 'you']);
  });

  it('puts back the g chat drops from -ing, but leaves real words that end in -in alone', () => {
    expect(typedWords('was he tellin them to stop or just sayin')).toEqual([
      'was',
      'he',
      'telling',
      'them',
      'to',
      'stop',
      'or',
      'just',
      'saying',
    ]);
    expect(typedWords('goin stayin nothin')).toEqual(['going', 'staying', 'nothing']);
    expect(typedWords('a thin cabin in berlin within a basin')).toEqual(['a', 'thin', 'cabin', 'in', 'berlin', 'within', 'a', 'basin']);
  });
});

describe('buildSpellingCorrector()', () => {
  const correct = buildSpellingCorrector(['ministers', 'roles', 'training', 'bases']);

  it('fixes a word English does not know into the nearest knowledge word', () => {
    expect(correct('trainig')).toBe('training');
    expect(correct('minsiters')).toBe('ministers');
  });

  it('never turns a word people use into a knowledge word', () => {
    expect(correct('rules')).toBeNull();
    expect(correct('basis')).toBeNull();
    expect(correct('training')).toBeNull();
  });

  it('fixes a dictionary word next to nobody uses when a knowledge word is one letter away', () => {
    expect(correct('minsters')).toBe('ministers');
    expect(correct('basses')).toBe('bases');
    // Two letters away is too far for a real word, however rare.
    expect(correct('roil')).toBeNull();
  });

  it('fixes a three-letter word only into a four-letter knowledge word it is missing one letter of', () => {
    const short = buildSpellingCorrector(['role', 'iraq', 'base', 'boat']);
    expect(short('rol')).toBe('role');
    expect(short('irq')).toBe('iraq');
    expect(short('bat')).toBeNull(); // a word: never "boat"
    expect(short('bsx')).toBeNull(); // not missing a letter of any
  });

  it('leaves a word people use alone even when the dictionary lacks it (names of places)', () => {
    const withFace = buildSpellingCorrector(['face', 'paris']);
    expect(withFace('france')).toBeNull();
    expect(withFace('parris')).toBe('paris');
  });

  it('does not reach two letters for a knowledge word when an everyday word is one typo away', () => {
    const withCaption = buildSpellingCorrector(['caption', 'ministers']);
    expect(withCaption('captial')).toBeNull(); // "capital", swapped letters
    expect(withCaption('captoin')).toBe('caption');
  });

  it('looks only one letter away when asked to', () => {
    const names = buildSpellingCorrector(['westergaard']);
    expect(names('westergard', 1)).toBe('westergaard');
    expect(names('wesergard')).toBe('westergaard');
    expect(names('wesergard', 1)).toBeNull();
  });

  it('breaks a tie between knowledge words one typo away by swapped letters, then by the word people use more', () => {
    // Both one edit from the typo; alphabetical order would pick the first of each pair.
    expect(buildSpellingCorrector(['counter', 'country'])('countyr')).toBe('country');
    expect(buildSpellingCorrector(['sheep', 'sleep'])('sxeep')).toBe('sleep');
  });
});

describe('TextAnalyzer', () => {
  const aliases = new Map<string, readonly string[]>([
    ['nato', ['north atlantic treaty organization', 'alliance']],
    ['arctic', ['north']],
    ['troops', ['soldiers', 'boots on the ground']],
  ]);
  const analyzer = new TextAnalyzer(aliases);

  it('turns a multi-word variant into its canonical word', () => {
    const analyzed = analyzer.analyze('Who leads the North Atlantic Treaty Organization?');
    expect(analyzed.terms).toEqual(['lead', 'nato']);
    expect(analyzed.questionWords).toEqual(['who']);
  });

  it('prefers the longest variant: "north atlantic treaty organization" is nato, not arctic + words', () => {
    expect(analyzer.analyze('north atlantic treaty organization').terms).toEqual(['nato']);
    expect(analyzer.analyze('the north pole').terms).toEqual(['arctic', 'pole']);
  });

  it('matches variants by stem, so inflected forms meet their canonical word', () => {
    expect(analyzer.analyze('a soldier').terms).toEqual(['troop']);
    expect(analyzer.analyze('soldiers').terms).toEqual(['troop']);
    expect(analyzer.analyze('how many boots on the ground').terms).toEqual(['mani', 'troop']);
  });

  it('reads a contraction typed without its apostrophe as the small words it is ("theyre", "shouldnt")', () => {
    expect(analyzer.analyze('theyre staying, shouldnt they?').terms).toEqual(['stai']);
    expect(analyzer.analyze('youve seen the soldiers, havent you').terms).toEqual(['see', 'troop']);
  });

  it('reads "according to <someone>" as who says it, not as what is asked; "according to whom" asks it', () => {
    expect(analyzer.analyze('what did the mayor promise, according to the clerk?').terms).toEqual(['mayor', 'promis', 'clerk']);
    expect(analyzer.analyze('according to whom?').terms).toEqual(['accord']);
    expect(analyzer.analyze('according to?').terms).toEqual(['accord']);
    // Nor does "per the clerk", or the piece "as referenced".
    expect(analyzer.analyze('who opened it, per the clerk, as referenced in the piece?').terms).toEqual(['open', 'clerk']);
  });

  it('reads a question asked as a request ("could you tell me who ...") as the question inside it', () => {
    const bare = analyzer.analyze('who leads the alliance?');
    for (const request of [
      'Could you kindly tell me who leads the alliance?',
      'Please remind me, who leads the alliance?',
      'can u tell me again who leads the alliance',
      'do you know who leads the alliance',
      "I'd like to know who leads the alliance",
      'I was wondering, who leads the alliance?',
      "I'm wondering who leads the alliance",
    ]) {
      const read = analyzer.analyze(request);
      expect(read.words, request).toEqual(bare.words);
      expect(read.terms, request).toEqual(bare.terms);
    }
    // A request for something else, or a frame asking whether, is read as typed up to the question.
    expect(analyzer.analyze('can you tell me a joke').words).toEqual(['can', 'you', 'tell', 'me', 'a', 'joke']);
    expect(analyzer.analyze('could you tell me if the soldiers left').words).toEqual(['if', 'the', 'soldiers', 'left']);
    expect(analyzer.analyze('remind me to call mum').terms).toEqual(['remind', 'call', 'mum']);
    // A worksheet's numbering frames a question too.
    expect(analyzer.analyze('Q1 who leads the alliance?').words).toEqual(bare.words);
    expect(analyzer.analyze('Question 3: did the soldiers leave?').words).toEqual(['did', 'the', 'soldiers', 'leave']);
    // "tell me about X" asks about X.
    expect(analyzer.analyze('can you tell me about the soldiers').words).toEqual(['about', 'the', 'soldiers']);
  });

  it('understands chat spellings (u, wat, whos)', () => {
    const analyzed = analyzer.analyze('wat do u know abt the alliance');
    expect(analyzed.questionWords).toEqual(['what']);
    expect(analyzed.terms).toEqual(['nato']);
    expect(analyzed.allStems).toEqual(['what', 'do', 'you', 'know', 'about', 'the', 'nato']);

    const whos = analyzer.analyze('whos the boss');
    expect(whos.questionWords).toEqual(['who']);
    expect(whos.terms).toEqual(['boss']);
  });

  it('splits two words typed without a space, after typo correction had its chance', () => {
    const correct = buildSpellingCorrector(['announce', 'stay']);
    expect(analyzer.analyze('whatdid he say', correct).allStems).toEqual(['what', 'did', 'he', 'sai']);
    expect(analyzer.analyze('stay aslong as', correct).allStems).toEqual(['stai', 'as', 'long', 'as']);
    // A typo of a knowledge word is fixed, not split into "an ounce".
    expect(analyzer.analyze('anounce', correct).terms).toEqual(['announc']);
    // Knowledge text is read as written.
    expect(analyzer.analyze('whatdid').allStems).toEqual(['whatdid']);
  });

  it('never splits a word the story uses: a name like "Anton" is not "an ton"', () => {
    const correct = buildSpellingCorrector(['anton', 'harbour']);
    const known = (word: string) => ['anton', 'harbour'].includes(word);
    expect(analyzer.analyze('who is anton', correct, known).words).toEqual(['who', 'is', 'anton']);
    // A word the story doesn't use is still split.
    expect(analyzer.analyze('whatdid anton say', correct, known).words).toEqual(['what', 'did', 'anton', 'say']);
  });

  it('reads a story word typed as two words as the one word, exact or with a typo, and says so', () => {
    const story = ['westergaard', 'mackenzie', 'harbour', 'harbourside', 'carpet'];
    const correct = buildSpellingCorrector(story);
    const known = (word: string) => story.includes(word);
    const exact = analyzer.analyze('who is wester gaard', correct, known);
    expect(exact.words).toEqual(['who', 'is', 'westergaard']);
    expect(exact.corrections).toEqual([{ from: 'wester gaard', to: 'westergaard' }]);
    const typo = analyzer.analyze('what did mac kenzi say', correct, known);
    expect(typo.words).toEqual(['what', 'did', 'mackenzie', 'say']);
    expect(typo.corrections).toEqual([{ from: 'mac kenzi', to: 'mackenzie' }]);
    // Not when a part is a story word or a small word, nor when the two make an English word.
    expect(analyzer.analyze('the harbour side', correct, known).words).toEqual(['the', 'harbour', 'side']);
    expect(analyzer.analyze('is he the westergaard', correct, known).words).toEqual(['is', 'he', 'the', 'westergaard']);
    expect(analyzer.analyze('a car pet', correct, known).words).toEqual(['a', 'car', 'pet']);
    // Nor two short words, nor a join two letters off: "mac kenzy" is left to the word-by-word typo fixes.
    expect(analyzer.analyze('who is the current un envoy', correct, known).words).toContain('un');
    expect(analyzer.analyze('what did mac kenzy say', correct, known).words).not.toContain('mackenzie');
  });

  it('looks at no more pairs of words as one word typed as two than the bound allows', () => {
    // Made-up names, none an English word, each typed broken in two.
    const names = Array.from({ length: WORK_BOUNDS.pairsJoined + 4 }, (_, i) => `zorvak${String.fromCharCode(97 + i)}ulin`);
    const known = (word: string) => names.includes(word);
    const analyzed = analyzer.analyze(names.map((n) => `${n.slice(0, 6)} ${n.slice(6)}`).join(' '), buildSpellingCorrector(names), known);
    expect(analyzed.words.filter(known)).toEqual(names.slice(0, WORK_BOUNDS.pairsJoined));
  });

  it('chat filler says nothing, and is not "corrected" into a word', () => {
    expect(analyzer.analyze('lowkey bruh the alliance literally').terms).toEqual(['nato']);
  });

  it('lone letters say nothing on their own', () => {
    expect(analyzer.analyze('a b c nato').terms).toEqual(['nato']);
  });

  it('keeps stopwords out of the terms but in allStems', () => {
    const analyzed = analyzer.analyze('is it the same as the other one');
    expect(analyzed.terms).toEqual([]);
    expect(analyzed.allStems.length).toBeGreaterThan(0);
  });

  it('applies a word corrector before stemming and records the correction', () => {
    const analyzed = analyzer.analyze('who is stoltenburg', (w) => (w === 'stoltenburg' ? 'stoltenberg' : null));
    expect(analyzed.terms).toEqual(['stoltenberg']);
    expect(analyzed.corrections).toEqual([{ from: 'stoltenburg', to: 'stoltenberg' }]);
    expect(analyzed.surfaces.get('stoltenberg')).toBe('stoltenberg');
  });

  it('without aliases, the same words stay themselves', () => {
    expect(new TextAnalyzer(new Map()).analyze('the alliance soldiers').terms).toEqual(['allianc', 'soldier']);
  });
});

describe('quote normalisation with offsets', () => {
  const pieces = fc.constantFrom(
    'a',
    'B',
    'é',
    'e\u0301',
    'ﬁ',
    ' ',
    '  ',
    '\u00A0',
    '\n',
    '\t',
    '\u200B',
    '\u00AD',
    '“',
    '”',
    '’',
    "'",
    '"',
    '—',
    '1',
    '½',
    '😀',
    '.',
  );
  const texts = fc.array(pieces, { maxLength: 30 }).map((p) => p.join(''));

  it('gives exactly normaliseForQuote’s text, with an origin offset for every character of it', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const { normalised, origin, originEnd } = normaliseForQuoteWithOffsets(text);
        expect(normalised).toBe(normaliseForQuote(text));
        expect(origin).toHaveLength(normalised.length);
        expect(originEnd).toHaveLength(normalised.length);
        for (let i = 0; i < origin.length; i++) expect(origin[i]!).toBeLessThan(originEnd[i]!);
      }),
    );
  });
});
