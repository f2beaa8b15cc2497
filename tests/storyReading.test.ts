// How the engine reads a story and a question for answering from the article itself: who each sentence quotes
// or is about, what a question asks for and what a sentence holds, typos of everyday words, the symmetric-delete
// index, and related words (vectors and WordNet) that never stand in for names or everyday words.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { askedTypes, heldTypes, isYesNoQuestion, answerSpans, sentenceSpans } from '../src/engine/answerTypes.js';
import { buildDeleteIndex, DeleteIndex, updateDeleteIndex } from '../src/engine/deleteIndex.js';
import { everydayCorrection } from '../src/engine/everydaySpelling.js';
import { RelatedTerms, relatedTermsData } from '../src/engine/relatedTerms.js';
import { acronymsOf, namesIn, sentencePeople } from '../src/engine/speakers.js';
import { stem } from '../src/language/stem.js';
import { questionIntent } from '../src/engine/questionIntent.js';

// A made-up story, sentence by sentence, with quotes the way news writes them.
const SENTENCES = [
  { paragraph: 1, text: 'Harbour Town manager Jane Okoro praised her players after a 2-1 win over Riverside.' },
  { paragraph: 2, text: '"We were patient. It was a proper team performance," the Scot said.' },
  { paragraph: 2, text: '"Riverside made it hard for us in the first half.' },
  { paragraph: 2, text: 'The pitch was heavy but we kept passing."' },
  { paragraph: 3, text: 'Captain Tom Reyes, who scored the winning goal, said the fans had carried them.' },
  { paragraph: 3, text: 'He added that the club would now focus on the cup.' },
  { paragraph: 4, text: 'Later, Ms Okoro said the Harbour Supporters Trust (HST) had paid for the new stand.' },
  { paragraph: 4, text: 'The stand will open in May.' },
];

describe('who a sentence quotes or is about (speakers.ts)', () => {
  const contexts = sentencePeople(SENTENCES).map((p) => p.context);

  it('gives "the Scot said" to the person named before, with their role', () => {
    expect(contexts[1]).toContain('Jane Okoro');
    expect(contexts[1]).toContain('Harbour Town manager');
  });

  it('keeps a quote that runs over several sentences with its speaker, though they name no one', () => {
    expect(contexts[2]).toContain('Jane Okoro');
    expect(contexts[3]).toContain('Jane Okoro');
  });

  it('reads "He added" as the person just named, and "Ms Okoro" as the Jane Okoro named in full', () => {
    expect(contexts[5]).toContain('Tom Reyes');
    expect(contexts[6]).toContain('Harbour Town manager');
  });

  it('knows whose words each sentence gives, and gives none to a sentence that reports no one', () => {
    const speakers = sentencePeople(SENTENCES).map((p) => p.speaker?.name ?? null);
    // The first sentence praises; no one speaks. "Captain Tom Reyes" is Tom Reyes, the captain.
    expect(speakers).toEqual([null, 'Jane Okoro', 'Jane Okoro', 'Jane Okoro', 'Tom Reyes', 'Tom Reyes', 'Jane Okoro', null]);
  });

  it('reads the attribution, not a speech verb inside the quote, nor the name ending an appositive', () => {
    const speakers = sentencePeople([
      { paragraph: 1, text: 'The harbour will reopen in June, said the port’s Chief Executive, Anna Berg.' },
      { paragraph: 2, text: 'Councillor Priya Nair welcomed the news.' },
      { paragraph: 3, text: '“The ferry company has confirmed it will return,” she said.' },
      { paragraph: 4, text: 'Sam Cole, the ferry company’s manager in Harbour Town, said the first sailing was booked.' },
    ]).map((p) => p.speaker?.name ?? null);
    expect(speakers).toEqual(['Anna Berg', null, 'Councillor Priya Nair', 'Sam Cole']);
  });

  it('reads "The stand" at the start of a sentence as what the previous sentence was about', () => {
    expect(contexts[7]).not.toBe('');
  });

  it('spells out initialisms the story defines, both ways', () => {
    expect(acronymsOf(SENTENCES.map((s) => s.text)).get('HST')).toBe('Harbour Supporters Trust');
    expect(contexts[6]).not.toContain('HST');
  });
});

describe('what a question asks for and what a sentence holds (answerTypes.ts)', () => {
  it.each([
    [['who', 'scored', 'the', 'goal'], 'person'],
    [['how', 'many', 'goals', 'were', 'there'], 'number'],
    [['how', 'much', 'did', 'the', 'stand', 'cost'], 'money'],
    [['when', 'does', 'the', 'stand', 'open'], 'date'],
    [['where', 'was', 'the', 'match'], 'place'],
    [['why', 'did', 'they', 'win'], 'reason'],
    [['what', 'did', 'okoro', 'say'], 'quote'],
  ] as const)('%j asks for a %s', (words, type) => {
    expect(askedTypes(words).has(type)).toBe(true);
  });

  it('knows a yes/no question by its first word', () => {
    expect(isYesNoQuestion(['did', 'they', 'win'])).toBe(true);
    expect(isYesNoQuestion(['who', 'won'])).toBe(false);
  });

  it('finds names, numbers, dates and quotes in a sentence', () => {
    const held = heldTypes(SENTENCES[0]!.text);
    expect([...held]).toEqual(expect.arrayContaining(['person', 'number']));
    expect(heldTypes('The stand will open in May.').has('date')).toBe(true);
    expect(heldTypes('"We were patient," she said.').has('quote')).toBe(true);
    // Reported speech is what someone said too: "what did the council say about the pool?"
    expect(heldTypes("The council's announcement that the pool would close surprised swimmers.").has('quote')).toBe(true);
    expect(heldTypes('The pool will close in May.').has('quote')).toBe(false);
  });

  it('takes the short answer the question does not already say', () => {
    const spansOf = (words: readonly string[], text: string) => answerSpans(words, sentenceSpans(text));
    expect(spansOf(['when', 'will', 'the', 'stand', 'open'], 'The stand will open in May.')).toEqual(['May']);
    expect(spansOf(['who', 'scored', 'the', 'winning', 'goal'], 'Captain Tom Reyes, who scored the winning goal, said so.')).toEqual([
      'Tom Reyes',
    ]);
    // A name or number ending the sentence is the name or number, not its full stop; a possessive is not the name.
    expect(spansOf(['who', 'runs', 'it'], 'It is run by Harbour Trust.')).toEqual(['Harbour Trust']);
    expect(spansOf(['when', 'did', 'it', 'open'], 'It opened in 1997.')).toEqual(['1997']);
    expect(spansOf(['who', 'owns', 'it'], "The site is Riverside Building Company's yard.")).toEqual(['Riverside Building Company']);
    // A unit is a whole word: "41,000 paper tickets" is 41,000, "300 million" is not "300 m".
    expect(spansOf(['how', 'many', 'were', 'sold'], '41,000 paper tickets were sold')).toEqual(['41,000']);
    expect(spansOf(['how', 'much', 'did', 'it', 'grow'], 'It grew by 300 million.')).toEqual(['300 million']);
    // A count can be a word ("her sixth"), but a year is no count and "three-week" no three.
    expect(spansOf(['how', 'many', 'titles'], "It was Ms Okoro's sixth since she joined the club in 2011.")).toEqual(['sixth']);
    expect(spansOf(['how', 'high', 'did', 'it', 'go'], 'It hit three-week highs above $12.')).toEqual(['$12']);
    // A month is no one's name; a role word heading an organisation's name is part of it.
    expect(spansOf(['who', 'keeps', 'it'], 'In May the Official Records Company took it on.')).toEqual(['Official Records Company']);
    // A clock time or a range of them is a when, and its hours no count; "Saturdays" is no name.
    const hours = 'It opens from 10am to 2pm on Saturdays and at 9.30am in June.';
    expect(spansOf(['when', 'does', 'it', 'open'], hours)).toEqual(['10am to 2pm', '9.30am', 'June']);
    expect(spansOf(['how', 'many', 'hours'], hours)).toEqual([]);
    expect(spansOf(['who', 'opens', 'it'], hours)).toEqual([]);
    // An amount of money asked for is the amount, not a count beside it.
    expect(spansOf(['how', 'much', 'did', 'it', 'lose'], 'It posted a $676m loss for the last three months.')).toEqual(['$676m']);
    expect(spansOf(['how', 'many', 'months'], 'It posted a $676m loss for the last three months.')).toEqual(['$676m', 'three']);
    // "which company" names the kind asked for: the company's name is still the answer.
    expect(spansOf(['which', 'company', 'keeps', 'records'], 'In May the Official Records Company took it on.')).toEqual([
      'Official Records Company',
    ]);
    // A name the question mostly says is whom it asks about ("if keane was only skipper, who is the captain").
    expect(spansOf(['who', 'is', 'captain', 'if', 'keane', 'was', 'skipper'], 'Robbie Keane was skipper and Ledley King rested.')).toEqual([
      'Ledley King',
    ]);
  });

  it('reads who a sentence says someone is: a role before the name, or an appositive after it', () => {
    expect(namesIn(SENTENCES[0]!.text)).toEqual([
      { name: 'Harbour Town', role: null },
      { name: 'Jane Okoro', role: 'Harbour Town manager' },
      { name: 'Riverside', role: null },
    ]);
    expect(namesIn('"We kept every book," said Rosa Delgado, head librarian of Millbrook.')).toEqual([
      { name: 'Rosa Delgado', role: 'head librarian of Millbrook' },
      { name: 'Millbrook', role: null },
    ]);
    // A relative clause after the comma is not who he is; the capitalised role before his name is.
    expect(namesIn(SENTENCES[4]!.text)).toEqual([{ name: 'Tom Reyes', role: 'Captain' }]);
    // A role set off by a comma before the name is who she is, as a noun phrase of its own.
    expect(namesIn('"We were patient," said the club’s manager, Jane Okoro.')).toEqual([
      { name: 'Jane Okoro', role: 'the club’s manager' },
    ]);
    // A speech verb after the comma is not who someone is.
    expect(namesIn('Sam Hale, analyst at River Capital, added: "It is up."')).toEqual([
      { name: 'Sam Hale', role: 'analyst at River Capital' },
      { name: 'River Capital', role: null },
    ]);
    // A quotation's capitalised first word opens a sentence, and an everyday word there is no name ("We've" too).
    expect(namesIn('Sam Hale added: "Everything is up."').map((n) => n.name)).toEqual(['Sam Hale']);
    expect(namesIn('We’ve got to the point where we can’t cope," said Sam Hale.').map((n) => n.name)).toEqual(['Sam Hale']);
    // An appositive may open with its owner's name ("E&Y's UK head of tax"); a list of names is no appositive.
    expect(namesIn('"We cut taxes," said Sam Hale, Riverside’s head of tax.').find((n) => n.name === 'Sam Hale')).toEqual({
      name: 'Sam Hale',
      role: 'Riverside’s head of tax',
    });
    expect(namesIn('Sam Hale, Riverside’s Tom Reyes and the mayor met.')[0]).toEqual({ name: 'Sam Hale', role: null });
    expect(namesIn('US President Ann Lee called on the General Assembly.')).toEqual([
      { name: 'Ann Lee', role: 'US President' },
      { name: 'General Assembly', role: null },
    ]);
  });
});

describe('the kind of message a question is (questionIntent.ts)', () => {
  it('flags advice, the asker, the channel and the present moment', () => {
    expect(questionIntent(['how', 'do', 'i', 'become', 'a', 'manager'])).toMatchObject({ personal: 1, advice: 1, firstPerson: 1 });
    expect(questionIntent(['what', 'are', 'we', 'doing', 'this', 'weekend'])).toMatchObject({ weUs: 1, deictic: 1 });
    expect(questionIntent(['who', 'scored', 'the', 'goal'])).toEqual({ personal: 0, firstPerson: 0, weUs: 0, deictic: 0, advice: 0 });
  });
});

describe('typos of everyday words (everydaySpelling.ts)', () => {
  it.each([
    ['togther', 'together'],
    ['happend', 'happened'],
    ['becuase', 'because'],
  ])('reads %s as %s', (typo, meant) => {
    expect(everydayCorrection(typo)).toBe(meant);
  });

  it('leaves words too short to guess, and words no edit away from an everyday one', () => {
    expect(everydayCorrection('qzx')).toBeNull();
    expect(everydayCorrection('zzzzqqqq')).toBeNull();
  });
});

describe('the symmetric-delete index (deleteIndex.ts)', () => {
  const index = new DeleteIndex(buildDeleteIndex(['ambassador', 'photograph', 'decision', 'tension', 'embassy']));

  it('finds words up to two edits away, letters dropped, added, changed or swapped', () => {
    expect(index.candidates('ambasader', 2)).toContain('ambassador');
    expect(index.candidates('fotograph', 2)).toContain('photograph');
    expect(index.candidates('desicion', 2)).toContain('decision');
    expect(index.candidates('tensoin', 1)).toContain('tension');
  });

  it('does not find words further away', () => {
    expect(index.candidates('ambush', 2)).not.toContain('ambassador');
  });

  it('made from an earlier vocabulary’s index, is exactly the index built afresh', () => {
    const word = fc.stringMatching(/^[a-e]{2,9}$/);
    // A vocabulary, then the next: some of its words dropped, a few new ones (a quarter at most, past which the
    // index is built afresh anyway).
    const reload = fc
      .tuple(
        fc.uniqueArray(word, { minLength: 4, maxLength: 60 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        fc.array(word, { maxLength: 15 }),
      )
      .map(([before, kept, extra]) => {
        const next = new Set(before.filter((_, i) => kept[i] ?? true));
        for (const w of extra.slice(0, Math.floor(next.size / 4))) next.add(w);
        return [[...before].sort(), [...next].sort()] as const;
      });
    fc.assert(
      fc.property(reload, ([before, after]) => {
        expect(updateDeleteIndex(buildDeleteIndex(before), after)).toEqual(buildDeleteIndex(after));
      }),
      { numRuns: 300 },
    );
    // And a realistic reload: a few words in, a few out.
    const words = ['ambassador', 'decision', 'embassy', 'photograph', 'tension', 'troops'];
    const edited = ['ambassador', 'decisions', 'embassy', 'envoy', 'photograph', 'troops'];
    expect(updateDeleteIndex(buildDeleteIndex(words), edited)).toEqual(buildDeleteIndex(edited));
  });
});

describe('related words (relatedTerms.ts)', () => {
  const terms = new Map(
    ['ambassador', 'troops', 'fire', 'company', 'price', 'time', 'belgium', 'us', 'uk', 'writer'].map(
      (word) => [stem(word), [word]] as const,
    ),
  );
  const related = new RelatedTerms(relatedTermsData(terms));
  const termsFor = (word: string) => related.relatedTo(word, stem(word)).map((r) => r.term);

  it('matches a word the story does not use to the story word for the same thing', () => {
    expect(termsFor('envoy')).toContain(stem('ambassador'));
    expect(termsFor('soldiers')).toContain(stem('troops'));
    expect(termsFor('blaze')).toContain(stem('fire'));
    expect(termsFor('firm')).toContain(stem('company'));
  });

  it('never matches an everyday word or a name by relatedness', () => {
    expect(termsFor('good')).toEqual([]);
    expect(termsFor('france')).toEqual([]);
  });

  it('matches a country named another way, but not what WordNet files under a name', () => {
    expect(termsFor('american')).toContain(stem('us'));
    expect(termsFor('britain')).toContain(stem('uk'));
    // WordNet's "France" is also a writer: a relation that doesn't lead back is not the same thing.
    expect(termsFor('france')).not.toContain(stem('writer'));
  });
});
