// `npm run train`: fits the passage model on the training articles' dev sets, picks the threshold that declines
// enough off-topic questions on articles it has not seen (leave-one-article-out), reports the held-out articles'
// rates, and writes model/passage-model.json. The same data gives the same weights on every run.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PASSAGE_FEATURES } from '../engine/passageFeatures.js';
import { MODEL_FILE, type PassageModelFile } from '../engine/passageModel.js';
import { storiesDir, storyAvailable } from '../evaluation/storyKnowledge.js';
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
import { HELD_OUT_ARTICLES, OFFTOPIC_TARGET, storySets, TRAINING_ARTICLES } from '../training/trainingSets.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const describe = (r: Rates) =>
  `answerable right ${pct(r.answerable)} (best sentence right ${pct(r.top1)}), off-topic declined ${pct(r.offtopic)}, unanswerable declined ${pct(r.unanswerable)}`;
const round = (x: number) => Math.round(x * 1e6) / 1e6;

async function main(): Promise<void> {
  for (const article of [...TRAINING_ARTICLES, ...HELD_OUT_ARTICLES]) {
    if (!(await storyAvailable(article))) {
      process.stderr.write(`${article}.txt is not in ${storiesDir()}: the corpus articles are needed to train (see eval/README.md)\n`);
      process.exit(1);
    }
  }
  const knowledgeDir = path.join(ROOT, 'knowledge');
  const training = await passageExamples(storySets(ROOT, TRAINING_ARTICLES), knowledgeDir);
  const unseen = leaveOneArticleOut(training);
  const threshold = thresholdFor(unseen, OFFTOPIC_TARGET);
  process.stdout.write(`Training articles, each predicted by a model trained on the others, at threshold ${threshold.toFixed(3)}:\n`);
  const byArticle = (predictions: readonly Prediction[]) => {
    for (const article of new Set(predictions.map((p) => p.example.article))) {
      process.stdout.write(
        `  ${article.padEnd(18)} ${describe(
          ratesAt(
            predictions.filter((p) => p.example.article === article),
            threshold,
          ),
        )}\n`,
      );
    }
  };
  byArticle(unseen);
  process.stdout.write(`  together           ${describe(ratesAt(unseen, threshold))}\n`);

  const model = trainPassageModel(training);
  const heldOut = (await passageExamples(storySets(ROOT, HELD_OUT_ARTICLES), knowledgeDir)).map((e) => predict(model, e));
  process.stdout.write(`Held-out articles (never trained or tuned on), with the final model:\n`);
  byArticle(heldOut);
  process.stdout.write(`  together           ${describe(ratesAt(heldOut, threshold))}\n`);

  const file: PassageModelFile = {
    about:
      'Probability that a story sentence answers a question, by logistic regression over the features below (standardised: (value - mean) / scale). Written by npm run train; do not edit by hand.',
    trainedOn: [...TRAINING_ARTICLES],
    threshold: round(threshold),
    features: [...PASSAGE_FEATURES],
    mean: model.mean.map(round),
    scale: model.scale.map(round),
    weights: model.weights.map(round),
  };
  await writeFile(path.join(ROOT, MODEL_FILE), JSON.stringify(file, null, 2) + '\n');
  process.stdout.write(`Wrote ${MODEL_FILE}.\n`);
}

await main();
