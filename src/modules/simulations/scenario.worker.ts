import { parentPort, workerData } from 'node:worker_threads';
import { runScenarioDocument, type WorkerMessage } from './scenario-runner';

/** Worker-thread entry: runs one scenario and posts progress, then the outputs or the failure. */
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
let lastPosted = 0;
try {
  const outputs = runScenarioDocument((workerData as { document: unknown }).document, (fraction, label) => {
    // Progress is for people watching a status page: a few updates a second are plenty.
    const now = Date.now();
    if (now - lastPosted >= 200 || fraction >= 1) {
      lastPosted = now;
      post({ kind: 'progress', fraction, label });
    }
  });
  post({ kind: 'done', outputs });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
