import type { Writable } from 'node:stream';

/**
 * Writes `chunks` into a transform's writable side with backpressure, then ends it. Runs beside
 * the loop that reads the transform's output. A destroyed target (its reader failed) stops the
 * feeding instead of waiting forever for a 'drain' that will not come; a failing source
 * destroys the target with its error, so the reader sees it.
 */
export async function feed(target: Writable, chunks: AsyncIterable<Buffer>): Promise<void> {
  try {
    for await (const c of chunks) {
      if (target.destroyed) return;
      if (!target.write(c)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            target.off('drain', done).off('close', done).off('error', done);
            resolve();
          };
          target.on('drain', done).on('close', done).on('error', done);
        });
      }
    }
    if (!target.destroyed) target.end();
  } catch (e) {
    target.destroy(e as Error);
  }
}
