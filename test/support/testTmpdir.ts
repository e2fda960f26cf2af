/**
 * vitest global setup: every test run gets a temporary folder of its own (TMPDIR, which the test
 * workers inherit), removed when the run ends, so that tests' scratch files never pile up in /tmp.
 * `PVKIT_KEEP_TMP=1` keeps it for a look after a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'pvkit-tests-'));
  process.env['TMPDIR'] = dir;
  return () => {
    if (process.env['PVKIT_KEEP_TMP']) console.log(`test scratch files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
