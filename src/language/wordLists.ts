// Language-level word lists (English, not story-specific): function words, chat filler and chat spellings.

/** Words that say nothing about which fact is asked. Question words are here too: the facts differ by content words. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a an the and or but if then so as of at by for with about against between into through during
  above below to from up down in out on off over under again further once here there all any both each few more
  most other some such no nor not only own same than too very s t can will just don should now is am are was were
  be been being have has had having do does did doing would could might must shall may i me my myself we
  our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself they
  them their theirs themselves whom whose this that these those whats whos everyone everybody
  ok okay yes yeah yep nope nah hey hi hello yo lol lmao lmfao rofl fr ngl tbh imo imho btw idk idc omg pls
  please plz tell know wondering wonder anyone anybody someone somebody guys guy bro dude man fam like
  actually basically exactly really um uh hmm huh wait also even still ever oh ah well kinda sorta
  quick question q thing things stuff something anything get got say said says saying talk talking thinking
  think thought read reading article story hear heard mean means meant exact sure one whole
  lot lots much though tho describe described describes description mention mentioned mentions
  explain explained explains considered refer refers referred referenced references referencing per via upon quote quoted quotes quoting cite cited tldr tl dr tbf iirc afaik
  bruh bruhh lowkey highkey deadass finna istg ong yall ikr nvm kk ig rly srsly fyi literally seriously honestly apparently bot confused curious
  icl tf wtf fml smh lmk sry hbu wyd def trippin tripping currently nowadays piece anyway anyways im ive id ill dont doesnt didnt isnt arent wasnt werent cant wont thats theres heres
  theyre youre theyve youve weve theyd youd hed theyll youll itll hes shes havent hasnt hadnt wouldnt couldnt shouldnt mustnt thatll wholl whod`
    .split(/\s+/)
    .filter(Boolean),
);

/** Question words: weak evidence ("where" vs "when" of one event), never a reason to decline. */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(['who', 'what', 'when', 'where', 'why', 'how', 'which']);

/** The question words that ask for one kind of thing (a person, a time, a place, a reason, a way); not "what", "which". */
export const SPECIFIC_QUESTION_WORDS: readonly string[] = ['who', 'when', 'where', 'why', 'how'];

/** Chat spellings of common words, one token to one or more tokens. */
export const CHAT_SPELLINGS: ReadonlyMap<string, string> = new Map([
  ['u', 'you'],
  ['ya', 'you'],
  ['yu', 'you'],
  ['ur', 'your'],
  ['r', 'are'],
  ['y', 'why'],
  ['n', 'and'],
  ['wat', 'what'],
  ['wich', 'which'],
  ['whch', 'which'],
  ['hw', 'how'],
  ['kno', 'know'],
  ['yr', 'year'],
  ['yrs', 'years'],
  ['fone', 'phone'],
  ['pic', 'picture'],
  ['pics', 'pictures'],
  ['pix', 'pictures'],
  ['mag', 'magazine'],
  ['bday', 'birthday'],
  // The commonest English typos of short words, which edit distance can't fix safely (too many neighbours).
  ['teh', 'the'],
  ['hte', 'the'],
  ['wil', 'will'],
  ['aks', 'ask'],
  ['adn', 'and'],
  ['waht', 'what'],
  ['wehn', 'when'],
  ['frist', 'first'],
  ['jsut', 'just'],
  ['thier', 'their'],
  ['knw', 'know'],
  ['bout', 'about'],
  ['cause', 'because'],
  ['wen', 'when'],
  ['wens', 'when is'],
  ['wer', 'where'],
  ['hu', 'who'],
  ['wut', 'what'],
  ['whn', 'when'],
  ['wot', 'what'],
  ['dat', 'that'],
  ['dis', 'this'],
  ['dem', 'them'],
  ['wht', 'what'],
  ['wha', 'what'],
  ['whut', 'what'],
  ['whats', 'what is'],
  ['wats', 'what is'],
  ['whos', 'who is'],
  ['hows', 'how is'],
  ['wheres', 'where is'],
  ['whens', 'when is'],
  ['whys', 'why is'],
  ['thats', 'that is'],
  ['theres', 'there is'],
  ['doesnt', 'does not'],
  ['dont', 'do not'],
  ['didnt', 'did not'],
  ['isnt', 'is not'],
  ['wasnt', 'was not'],
  ['cant', 'can not'],
  ['wont', 'will not'],
  ['arent', 'are not'],
  ['werent', 'were not'],
  ['im', 'i am'],
  // Future tense, not a going somewhere: "when r we gonna hear more" asks nothing about going.
  ['gonna', 'will'],
  ['gna', 'will'],
  ['wanna', 'want to'],
  ['tryna', 'trying to'],
  ['gotta', 'got to'],
  ['dunno', 'do not know'],
  ['lemme', 'let me'],
  ['abt', 'about'],
  ['smth', 'something'],
  ['sth', 'something'],
  ['smthn', 'something'],
  ['bc', 'because'],
  ['cuz', 'because'],
  ['coz', 'because'],
  ['cos', 'because'],
  ['ppl', 'people'],
  ['thx', 'thanks'],
  ['thnx', 'thanks'],
  ['ty', 'thank you'],
  ['tysm', 'thank you'],
  ['govt', 'government'],
  ['gov', 'government'],
  ['prez', 'president'],
  ['pres', 'president'],
  ['w', 'with'],
  ['b4', 'before'],
  ['2day', 'today'],
  ['tmrw', 'tomorrow'],
  ['rn', 'now'],
  ['atm', 'now'],
  ['tho', 'though'],
  ['thru', 'through'],
  ['becuz', 'because'],
  ['shud', 'should'],
  ['wud', 'would'],
]);
