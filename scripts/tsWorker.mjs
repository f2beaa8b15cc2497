// Starts a worker thread on a TypeScript module in development and tests (tsx registered first): compiled, the
// bot starts its workers on the JavaScript in dist/ directly.
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.module);
