import { describe, expect, test } from 'vitest';
import { assemble, haveCross } from '../cpu/toolchain.js';
import { HELLO_GUEST } from './fixtures.js';
import { runImage } from '../../src/machine/run.js';

describe.skipIf(!haveCross)('hello guest', () => {
  test('prints via SCLP and stops in a disabled wait at 0', () => {
    const { image } = assemble(HELLO_GUEST);
    const lines: string[] = [];
    const r = runImage(image, { maxInstructions: 100000, memoryBytes: 1 << 20, trace: (l) => lines.push(l) });
    if (r.stop !== 'disabled-wait') console.log(lines.slice(-20).join('\n'), r);
    expect(r.console).toBe('Hello from pvkit\n');
    expect(r.stop).toBe('disabled-wait');
    expect(r.psw.addr).toBe(0n);
    expect(r.psw.mask).toBe(0x0002000180000000n);
  });
});
