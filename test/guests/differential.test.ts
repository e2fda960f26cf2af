/**
 * Differential test of `pvkit run` against QEMU (UV-SIE-NOTES §7.5 item 2): every test guest runs
 * under `qemu-system-s390x -kernel` and under `runImage` (src/machine/run.ts); console bytes and the
 * final disabled-wait PSW must be identical, and the small guests must match QEMU instruction by
 * instruction (PC, GRs, CRs before every instruction; first divergence reported with address and
 * disassembly). Until src/machine/run.ts exists, the suite is skipped and says why.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { haveQemuSystem, qemuSkipReason, runQemuKernel, traceQemuKernel, type Psw, type QemuRun } from '../support/qemu.js';
import { consoleGuestLineMode, guestPath, guests, readGuest } from './catalog.js';
import { compareTraces, describeComparison, parsePvkitTrace } from './traceDiff.js';

/** The part of src/machine/run.ts this test relies on (declared here so this file compiles without it). */
interface RunImageResult {
  console: string;
  stop: string;
  psw: Psw;
  instructions: number;
  detail?: string;
}
type RunImage = (image: Uint8Array, opts?: { maxInstructions?: number; trace?: (line: string) => void }) => RunImageResult;

const runModulePath = fileURLToPath(new URL('../../src/machine/run.ts', import.meta.url));

async function loadRunImage(): Promise<{ runImage?: RunImage; reason: string }> {
  if (!existsSync(runModulePath)) return { reason: `${runModulePath} does not exist yet (pvkit run is being written)` };
  try {
    const mod = (await import(pathToFileURL(runModulePath).href)) as { runImage?: unknown };
    if (typeof mod.runImage !== 'function') return { reason: 'src/machine/run.ts does not export runImage()' };
    return { runImage: mod.runImage as RunImage, reason: '' };
  } catch (e) {
    return { reason: `src/machine/run.ts does not load: ${e instanceof Error ? e.message : String(e)}` };
  }
}

const loaded = await loadRunImage();
const runImage = loaded.runImage;
const skipReason = !haveQemuSystem() ? qemuSkipReason : loaded.reason;
if (skipReason) console.warn(`differential tests skipped: ${skipReason}`);

/** Guests whose QEMU trace is small enough for an instruction-by-instruction comparison. */
const TRACED = ['hello', 'pgm-exit', 'sample-kernel', 'pgm-checks', 'insn-sys', 'console', 'insn-gpr', 'cops-z10', 'cops-z13', 'cops-z15'];

/**
 * pvkit writes line-mode text into the same console stream (one line per message, newline after),
 * QEMU into its own device: compare the VT220 part and check each message appears in order.
 */
function splitLineMode(pvkitConsole: string, qemuLineMode: string): { vt220: string; missing: string[] } {
  const messages = qemuLineMode.split('\n').filter((m) => m !== '');
  let rest = pvkitConsole;
  const missing: string[] = [];
  let from = 0;
  for (const msg of messages) {
    const at = rest.indexOf(`${msg}\n`, from);
    if (at < 0) {
      missing.push(msg);
      continue;
    }
    rest = rest.slice(0, at) + rest.slice(at + msg.length + 1);
    from = at;
  }
  return { vt220: rest, missing };
}

describe.skipIf(skipReason !== '')('pvkit run versus QEMU', () => {
  const qemu = new Map<string, QemuRun>();

  beforeAll(async () => {
    // QEMU runs are independent processes: start them together.
    await Promise.all(guests.map(async (g) => qemu.set(g.name, await runQemuKernel(guestPath(g.name), { timeoutMs: g.timeoutMs }))));
  });

  for (const g of guests) {
    it(`${g.name}: same console bytes and final PSW`, () => {
      const q = qemu.get(g.name)!;
      expect(q.timedOut, 'QEMU timed out').toBe(false);
      const p = runImage!(readGuest(g.name), { maxInstructions: 200_000_000 });
      expect(p.stop, p.detail ?? '').toBe('disabled-wait');
      let pvConsole = p.console;
      if (q.lineModeConsole !== '') {
        const { vt220, missing } = splitLineMode(p.console, q.lineModeConsole);
        expect(missing, 'line-mode messages QEMU printed but pvkit did not').toEqual([]);
        pvConsole = vt220;
      }
      expect(pvConsole).toBe(q.console);
      expect(p.psw).toEqual(q.psw);
    });
  }

  it('the console guest really uses the line-mode console', () => {
    expect(qemu.get('console')!.lineModeConsole).toBe(consoleGuestLineMode);
  });

  for (const name of TRACED) {
    it(`${name}: instruction by instruction like QEMU`, async () => {
      const q = await traceQemuKernel(guestPath(name), { timeoutMs: 30_000 });
      expect(q.run.timedOut, 'QEMU timed out').toBe(false);
      const lines: string[] = [];
      runImage!(readGuest(name), { maxInstructions: 5_000_000, trace: (l) => lines.push(l) });
      const cmp = compareTraces(q.steps, parsePvkitTrace(lines));
      const report = describeComparison(name, cmp);
      expect(cmp.divergence, report).toBeUndefined();
      expect(cmp.maskMismatches, report).toBe(0);
    });
  }
});
