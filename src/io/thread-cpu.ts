/**
 * CPU time of the calling thread alone. `process.cpuUsage()` counts every thread of the process,
 * so with several worker threads each shard's figure would include the others' work (Node 20
 * has no per-thread call). Linux exposes the thread's own counters in /proc/thread-self/stat.
 */
import { readFileSync } from 'node:fs';

/** Seconds of user + system CPU the calling thread has used, or null where /proc is absent. */
export function threadCpuSeconds(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces) start at ") "; utime and stime are
  // fields 14 and 15 of the whole line, i.e. 12 and 13 after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  // In USER_HZ, which Linux fixes at 100 for user space whatever the kernel's own tick rate.
  return Number.isFinite(ticks) ? ticks / 100 : null;
}
