/**
 * Issue 2: a build (`pvkit create`, `genprotimg`) must not load yargs, whose loading and set-up cost
 * about as much as Node's own start. Here importing yargs fails, so any build that reaches it fails.
 */
import { describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../cli/main.js';
import { runGenprotimg } from '../../cli/genprotimgCli.js';
import { captureIo } from '../../cli/io.js';
import { repoRoot } from '../support/shared.js';
import { writeInputs } from '../build/testInputs.js';

vi.mock('yargs', () => {
  throw new Error('yargs was loaded');
});

const HKD = join(repoRoot, 'keys', 'host-test-1.crt.pem');

describe('pvkit create / genprotimg without yargs', () => {
  it('build, and refuse bad arguments, without loading yargs', async () => {
    const inp = writeInputs();
    const args = ['--no-verify', '-k', HKD, '-i', inp.kernel, '-r', inp.initrd, '-p', inp.parmfile, '-q'];
    let io = captureIo();
    expect(await runCli(['create', ...args, '-o', join(inp.dir, 'a.img')], io), io.err).toBe(0);
    expect(existsSync(join(inp.dir, 'a.img'))).toBe(true);
    io = captureIo();
    expect(await runGenprotimg([...args, '-o', join(inp.dir, 'b.img')], io), io.err).toBe(0);
    expect(existsSync(join(inp.dir, 'b.img'))).toBe(true);
    io = captureIo();
    expect(await runCli(['create', ...args, '-o', join(inp.dir, 'c.img'), '--bogus'], io)).toBe(2);
    expect(io.err.split('\n')[0]).toBe('pvkit: error: unknown option --bogus');
  });

  it('help still goes through yargs (which this file cannot load: so the mock above is in force)', async () => {
    const io = captureIo();
    expect(await runCli(['create', '--help'], io)).toBe(1);
    expect(io.err).toMatch(/internal error: .*mocking a module/);
  });
});
