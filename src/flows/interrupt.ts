/**
 * What the CLI's one exit point needs when the process is cut short (a signal, a closed stdout):
 * stop the worker threads, remove the temporary files of unfinished outputs.
 */
export { terminateWorkers } from '../exec/pool.ts';
export { StdoutClosed } from '../io/writer.ts';
export { removeOwnTemps } from '../io/temps.ts';
