// A worker thread's job: read, check and index a knowledge folder, and hand the index's data to the main thread,
// which keeps answering meanwhile. Also keeps the built index in the cache for the next start.
import { parentPort } from 'node:worker_threads';
import { buildIndexData, IndexBuildMemory } from '../engine/answerIndex.js';
import { KnowledgeError } from '../knowledge/knowledgeError.js';
import { readKnowledgeSources, validateKnowledge } from '../knowledge/validateKnowledge.js';
import { ParsedYamlMemory } from '../knowledge/yamlFile.js';
import { indexCacheKey, writeCachedIndex } from './indexCache.js';
import type { BuildReply, BuildRequest } from './indexBuilder.js';

const port = parentPort!;
/** This worker's builds, one after another: each parses and reads again only the files and texts that changed. */
const parsed = new ParsedYamlMemory();
const memory = new IndexBuildMemory();

port.on('message', (request: BuildRequest) => {
  void build(request).then((reply) => port.postMessage(reply));
});

async function build({ id, dir }: BuildRequest): Promise<BuildReply> {
  try {
    const sources = await readKnowledgeSources(dir, undefined, parsed);
    const data = buildIndexData(validateKnowledge(sources, parsed), memory);
    const key = indexCacheKey(sources);
    if (key) writeCachedIndex(key, data);
    return { id, ok: true, data };
  } catch (error) {
    return {
      id,
      ok: false,
      problems: error instanceof KnowledgeError ? [...error.problems] : null,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
