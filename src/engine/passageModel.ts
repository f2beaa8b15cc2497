// The trained passage model (model/passage-model.json, written by `npm run train`): how likely a story
// sentence answers a question, and the probability at which the bot answers with it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { predictLogistic, type LogisticModel } from './logisticModel.js';
import { PASSAGE_FEATURES } from './passageFeatures.js';

export const MODEL_FILE = path.join('model', 'passage-model.json');

export interface PassageModelFile extends LogisticModel {
  readonly about: string;
  readonly trainedOn: readonly string[];
  /** At or above this probability the bot answers with the sentence. */
  readonly threshold: number;
  readonly features: readonly string[];
}

let loaded: PassageModelFile | null = null;

export function passageModel(): PassageModelFile {
  if (loaded) return loaded;
  const file = path.resolve(import.meta.dirname, '..', '..', MODEL_FILE);
  const model = JSON.parse(readFileSync(file, 'utf8')) as PassageModelFile;
  if (JSON.stringify(model.features) !== JSON.stringify(PASSAGE_FEATURES)) {
    throw new Error(`${MODEL_FILE} was trained on other features than the engine computes; run npm run train`);
  }
  loaded = model;
  return model;
}

/** The probability that a sentence with these features answers the question. */
export function passageProbability(features: readonly number[]): number {
  return predictLogistic(passageModel(), features);
}
