/**
 * `pvkit run` through the real CLI frame (runCli + captureIo): console on stdout, the documented
 * exit statuses, the trace file, and one-line errors for bad input.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../cli/main.js';
import { captureIo } from '../../cli/io.js';
import { parseMemorySize } from '../../cli/machineRun.js';
import { assemble, haveCross } from '../cpu/toolchain.js';
import { GUEST_RUNTIME, HELLO_GUEST } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'pvkit-run-'));

describe('parseMemorySize', () => {
  test('units', () => {
    expect(parseMemorySize('128M')).toBe(128 * 1024 * 1024);
    expect(parseMemorySize('1G')).toBe(1024 ** 3);
    expect(parseMemorySize('512MiB')).toBe(512 * 1024 * 1024);
    expect(parseMemorySize('65536')).toBe(65536);
    expect(() => parseMemorySize('lots')).toThrow(/--mem/);
  });
});

describe.skipIf(!haveCross)('pvkit run', () => {
  const hello = join(dir, 'hello.img');
  writeFileSync(hello, assemble(HELLO_GUEST).image);
  const failing = join(dir, 'exit7.img');
  writeFileSync(failing, assemble(`${GUEST_RUNTIME}\nmain:\n lghi %r2,7\n br %r14\n`).image);
  const looping = join(dir, 'loop.img');
  writeFileSync(looping, assemble(`${GUEST_RUNTIME}\nmain:\n j main\n`).image);

  test('hello: console on stdout, exit 0', async () => {
    const io = captureIo();
    expect(await runCli(['run', hello], io)).toBe(0);
    expect(io.out).toBe('Hello from pvkit\n');
    expect(io.err).toBe('');
  });

  test('non-zero wait address → exit 3 with the PSW on stderr', async () => {
    const io = captureIo();
    expect(await runCli(['run', failing, '--machine', 'z14'], io)).toBe(3);
    expect(io.err).toContain('PSW 0x0002000180000000 0x0000000000000007');
  });

  test('--max-insns → exit 4; --trace=FILE writes one line per instruction', async () => {
    const io = captureIo();
    const trace = join(dir, 'trace.txt');
    expect(await runCli(['run', looping, '--max-insns', '200', `--trace=${trace}`], io)).toBe(4);
    const lines = readFileSync(trace, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(200);
    expect(lines[0]).toMatch(/^PSW=mask 0000000180000000 addr 0000000000002000 cc 0 \| larl %r15,[0-9a-f]+ \| R15=/);
    expect(existsSync(`${trace}.part`)).toBe(false);
  });

  test('bad inputs: one-line errors', async () => {
    let io = captureIo();
    expect(await runCli(['run', join(dir, 'missing.img')], io)).toBe(1);
    expect(io.err).toMatch(/^pvkit: error: .*missing\.img: no such file or directory\n$/);
    io = captureIo();
    expect(await runCli(['run', hello, '--machine', 'z99'], io)).toBe(2);
    io = captureIo();
    expect(await runCli(['run', hello, '--mem', '8K'], io)).toBe(1);
    expect(io.err).toMatch(/^pvkit: error: .*hello\.img: image of \d+ bytes does not fit/);
  });
});
