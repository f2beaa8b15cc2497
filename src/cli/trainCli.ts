// `npm run train`: fits the two decision models from the dev sets and writes them to model/, with the word table
// the passage model weighs:
// - off-story-words.json: how strongly a question's words its story doesn't use mark it as not answerable from the
//   story, from the home story's sets 1-25 and the training articles' sets;
// - passage.json: whether a story sentence answers a question, from the training corpus articles (answered from
//   the article alone); threshold picked leave-one-article-out to decline enough off-topic questions;
// - curated.json: whether to act on the curated entry the rules found, from the home story's dev sets 1-25;
//   threshold picked by set-grouped cross-validation.
// Held-out articles and sets are reported, rates only. The same data gives the same weights on every run.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../projectFiles.js';
import { CURATED_FEATURES } from '../engine/curatedFeatures.js';
import type { LogisticModel } from '../engine/logisticModel.js';
import { PASSAGE_FEATURES } from '../engine/passageFeatures.js';
import { forgetOffStoryWords, OFF_STORY_WORDS_FILE, type OffStoryWords } from '../engine/offStoryWords.js';
import { learnOffStoryWords } from '../training/offStoryWordsTraining.js';
import { forgetTrainedModels, MODEL_DIR, type TrainedModel } from '../engine/trainedModels.js';
import { buildSnapshot } from '../store/knowledgeStore.js';
import { loadKnowledge } from '../knowledge/validateKnowledge.js';
import { storiesDir, storyAvailable } from '../evaluation/storyKnowledge.js';
import { curatedExamples } from '../training/curatedExamples.js';
import {
  bestCuratedThreshold,
  crossValidate,
  curatedRatesAt,
  predictCurated,
  ruleRates,
  trainCuratedModel,
  type CuratedRates,
} from '../training/curatedModelTraining.js';
import { passageExamples } from '../training/passageExamples.js';
import {
  leaveOneArticleOut,
  predict,
  ratesAt,
  thresholdFor,
  trainPassageModel,
  type Prediction,
  type Rates,
} from '../training/passageModelTraining.js';
import {
  HELD_OUT_ARTICLES,
  HELD_OUT_HOME_SETS,
  homeSets,
  OFFTOPIC_TARGET,
  storySets,
  TRAINING_ARTICLES,
  TRAINING_HOME_SETS,
  TRAINING_SET_LETTERS,
} from '../training/trainingSets.js';

const ROOT = PROJECT_ROOT;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const write = (text: string) => process.stdout.write(text + '\n');

async function saveModel(name: string, model: LogisticModel, fields: Omit<TrainedModel, keyof LogisticModel>): Promise<void> {
  const file: TrainedModel = {
    ...fields,
    threshold: round(fields.threshold),
    mean: model.mean.map(round),
    scale: model.scale.map(round),
    weights: model.weights.map(round),
  };
  await writeFile(path.join(ROOT, MODEL_DIR, `${name}.json`), JSON.stringify(file, null, 2) + '\n');
  write(`Wrote ${MODEL_DIR}/${name}.json.`);
}

/** The sets the off-story words are learnt from: the home story's training sets and the training articles'. */
const offStorySets = () => [...homeSets(ROOT, TRAINING_HOME_SETS), ...storySets(ROOT, TRAINING_ARTICLES, TRAINING_SET_LETTERS)];

async function trainOffStoryWords(knowledgeDir: string): Promise<void> {
  const table = await learnOffStoryWords(offStorySets(), knowledgeDir, ROOT);
  await writeFile(path.join(ROOT, OFF_STORY_WORDS_FILE), JSON.stringify(table, null, 2) + '\n');
  forgetOffStoryWords();
  write(`Off-story words: ${Object.keys(table.words).length} words. Wrote ${OFF_STORY_WORDS_FILE}.`);
}

async function trainPassage(knowledgeDir: string): Promise<void> {
  const describe = (r: Rates) =>
    `answerable right ${pct(r.answerable)} (best sentence right ${pct(r.top1)}), off-topic declined ${pct(r.offtopic)}, unanswerable declined ${pct(r.unanswerable)}`;
  // Each training article's questions are read with off-story words learnt without them, as an unseen article's are.
  const without = new Map<string, OffStoryWords>();
  for (const article of TRAINING_ARTICLES) {
    const others = offStorySets().filter((file) => !path.basename(file).startsWith(`${article}-`));
    without.set(article, await learnOffStoryWords(others, knowledgeDir, ROOT));
  }
  const training = await passageExamples(
    storySets(ROOT, TRAINING_ARTICLES, TRAINING_SET_LETTERS),
    knowledgeDir,
    (article) => without.get(article)!,
  );
  const unseen = leaveOneArticleOut(training);
  const threshold = thresholdFor(unseen, OFFTOPIC_TARGET);
  const byArticle = (predictions: readonly Prediction[]) => {
    for (const article of new Set(predictions.map((p) => p.example.article)))
      write(
        `  ${article.padEnd(18)} ${describe(
          ratesAt(
            predictions.filter((p) => p.example.article === article),
            threshold,
          ),
        )}`,
      );
    write(`  together           ${describe(ratesAt(predictions, threshold))}`);
  };
  write(`Passage model. Training articles, each predicted by a model trained on the others, at threshold ${threshold.toFixed(3)}:`);
  byArticle(unseen);
  const model = trainPassageModel(training);
  write('Held-out articles (never trained or tuned on), with the final model:');
  byArticle((await passageExamples(storySets(ROOT, HELD_OUT_ARTICLES), knowledgeDir)).map((e) => predict(model, e)));
  await saveModel('passage', model, {
    about:
      'Probability that a story sentence answers a question: logistic regression over the features (standardised: (value - mean) / scale). Written by npm run train; do not edit.',
    trainedOn: [...TRAINING_ARTICLES],
    threshold,
    features: [...PASSAGE_FEATURES],
  });
}

async function trainCurated(knowledgeDir: string): Promise<void> {
  const describe = (r: CuratedRates) =>
    `answerable right ${pct(r.answerable)}, off-topic declined ${pct(r.offtopic)}, unanswerable declined ${pct(r.unanswerable)}`;
  const index = buildSnapshot(await loadKnowledge(knowledgeDir)).index;
  // Each set's questions are read with off-story words learnt without its fold of sets (five folds).
  const folds = [0, 1, 2, 3, 4].map((k) => TRAINING_HOME_SETS.filter((_, i) => i % 5 === k)).map((fold) => homeSets(ROOT, fold));
  const foldTables = new Map<string, OffStoryWords>();
  for (const fold of folds) {
    const table = await learnOffStoryWords(
      offStorySets().filter((file) => !fold.includes(file)),
      knowledgeDir,
      ROOT,
    );
    for (const file of fold) foldTables.set(file, table);
  }
  const training = await curatedExamples(index, homeSets(ROOT, TRAINING_HOME_SETS), (file) => foldTables.get(file)!);
  const unseen = crossValidate(training);
  const rules = ruleRates(training);
  const threshold = bestCuratedThreshold(unseen, rules.answerable);
  write(`Curated model. Home story sets 1-25, each fold predicted by a model trained on the others, at threshold ${threshold}:`);
  write(`  ${describe(curatedRatesAt(unseen, threshold))}`);
  write(`  (the curated rules alone, tuned on these sets: ${describe(rules)})`);
  const model = trainCuratedModel(training);
  const heldOut = (await curatedExamples(index, homeSets(ROOT, HELD_OUT_HOME_SETS))).map((e) => predictCurated(model, e));
  write(
    `Held-out home sets ${HELD_OUT_HOME_SETS.join(', ')}, curated entries only (the story's sentences add to this): ${describe(curatedRatesAt(heldOut, threshold))}`,
  );
  await saveModel('curated', model, {
    about:
      "Probability that acting on the curated entry the rules found (answering with it, or declining in a not-in-story entry's words) is right: logistic regression over the features (standardised). Written by npm run train; do not edit.",
    trainedOn: homeSets(ROOT, TRAINING_HOME_SETS).map((file) => path.relative(ROOT, file)),
    threshold,
    features: [...CURATED_FEATURES],
  });
}

async function main(): Promise<void> {
  for (const article of [...TRAINING_ARTICLES, ...HELD_OUT_ARTICLES]) {
    if (!(await storyAvailable(article))) {
      process.stderr.write(`${article}.txt is not in ${storiesDir()}: the corpus articles are needed to train (see eval/README.md)\n`);
      process.exit(1);
    }
  }
  const knowledgeDir = path.join(ROOT, 'knowledge');
  // The passage model weighs the off-story words: learn them first.
  await trainOffStoryWords(knowledgeDir);
  await trainPassage(knowledgeDir);
  // The curated model weighs the passage model's probability: read the one just written.
  forgetTrainedModels();
  await trainCurated(knowledgeDir);
}

await main();
