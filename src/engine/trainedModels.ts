// The trained decision models (model/*.json, written by `npm run train`): each a logistic regression over named
// features with the probability at which the bot acts. Loaded once; a file trained on other features than the
// engine computes is refused with what to do.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { predictLogistic, type LogisticModel } from './logisticModel.js';
import { projectPath } from '../projectFiles.js';

export interface TrainedModel extends LogisticModel {
  readonly about: string;
  readonly trainedOn: readonly string[];
  /** At or above this probability the bot acts: answers with the candidate (or declines in its words). */
  readonly threshold: number;
  readonly features: readonly string[];
}

export const MODEL_DIR = 'model';

const loaded = new Map<string, TrainedModel>();

export function trainedModel(name: string, features: readonly string[]): TrainedModel {
  const file = path.join(MODEL_DIR, `${name}.json`);
  const model = loaded.get(name) ?? (JSON.parse(readFileSync(projectPath(file), 'utf8')) as TrainedModel);
  if (JSON.stringify(model.features) !== JSON.stringify(features)) {
    throw new Error(`${file} was trained on other features than the engine computes; run npm run train`);
  }
  loaded.set(name, model);
  return model;
}

/** Forgets the loaded models (training writes new ones and reads them back). */
export function forgetTrainedModels(): void {
  loaded.clear();
}

export function probability(model: TrainedModel, features: readonly number[]): number {
  return predictLogistic(model, features);
}
