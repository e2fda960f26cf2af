import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../../cli/main.js';
import { captureIo } from '../../cli/io.js';
import { tempDir } from '../build/testInputs.js';

describe('pvkit sample (the README demo)', () => {
  it('builds the sample image, shows it opened through the test host key, verifies its contents and boots it', async () => {
    const io = captureIo();
    const status = await runCli(['sample', '--out', join(tempDir(), 'sample')], io);
    expect(io.err).toBe('');
    expect(status).toBe(0);
    expect(io.out).toMatch(/SE header \(verified, opened by host-key:/);
    expect(io.out).toMatch(/ok +expect\.kernel/);
    expect(io.out).toMatch(/VERIFIED: .*sample-se\.img \(\d+ checks passed\)/);
    // Booted on the emulated Ultravisor: the sample kernel reports the command line it was given.
    expect(io.out).toMatch(/pvkit sample kernel/);
    expect(io.out).toContain('console=ttysclp0 pvkit.sample=1');
    expect(io.out).toMatch(/the guest stopped in its success wait state/);
  });
});
