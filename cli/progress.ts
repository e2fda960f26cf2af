import type { CliIo } from './io.js';

/** Only worth showing for inputs that take noticeable time. */
const MIN_BYTES_FOR_PROGRESS = 64 << 20;

/** A one-line percentage on stderr, only when stderr is a terminal and the job is large. */
export function progressReporter(io: CliIo, label: string): { update: (done: number, total: number) => void; done: () => void } {
  let shown = -1;
  let active = false;
  return {
    update(done, total) {
      if (!io.stderrIsTTY || total < MIN_BYTES_FOR_PROGRESS) return;
      const pct = Math.floor((100 * done) / total);
      if (pct === shown) return;
      shown = pct;
      active = true;
      io.stderr(`\r${label}: ${pct}%`);
    },
    done() {
      if (active) io.stderr('\r\x1b[K');
    },
  };
}
