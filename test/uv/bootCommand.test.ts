/**
 * `pvkit boot` through the real CLI frame (runCli + captureIo): console on stdout, `pvkit run`'s
 * exit statuses, the usage error without --host-key and one-line errors for bad input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../../cli/main.js';
import { captureIo } from '../../cli/io.js';
import { buildTestImage, CMDLINE, HOST_KEY_PEM, HKD } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'pvkit-boot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pvkit boot', async () => {
  const image = join(dir, 'se.img');
  writeFileSync(image, (await buildTestImage()).bytes);

  test('boots with the host private key: kernel output on stdout, exit 0', async () => {
    const io = captureIo();
    expect(await runCli(['boot', image, '--host-key', HOST_KEY_PEM[0]!], io)).toBe(0);
    expect(io.out).toContain('pvkit sample kernel\n');
    expect(io.out).toContain(`cmdline: ${CMDLINE}\n`);
    expect(io.err).toBe('');
  });

  test('a host key the image was not built for: stage3a message, exit 3 with the PSW on stderr', async () => {
    const io = captureIo();
    expect(await runCli(['boot', image, '--host-key', HOST_KEY_PEM[1]!], io)).toBe(3);
    expect(io.out).toContain('rc=0x0108 rrc=0x0005');
    expect(io.err).toMatch(/disabled wait, PSW 0x0002000180000000 0x0000000000004608/);
    expect(io.err).toContain('the Ultravisor refused the image: KVM_PV_SET_SEC_PARMS rc 0x0108 rrc 0x0005 (no key slot for this host key)');
  });

  test('a file that is no SE image runs as hardware would run it, and stderr says what it is not', async () => {
    const notSe = join(dir, 'not-se.bin');
    writeFileSync(notSe, Buffer.alloc(0x20000, 0x07)); // garbage PSW at 0: a check-stop, as on a real machine
    const io = captureIo();
    expect(await runCli(['boot', notSe, '--host-key', HOST_KEY_PEM[0]!], io)).toBe(5);
    expect(io.err).toMatch(/check-stop/);
    expect(io.err).toContain(`pvkit: boot: ${notSe} is not a Secure Execution image (no SE header found`);
  });

  test('an SE image on a machine without the unpack facility: no such hint (stage3a says why)', async () => {
    const io = captureIo();
    expect(await runCli(['boot', image, '--host-key', HOST_KEY_PEM[0]!, '--machine', 'z14'], io)).toBe(3);
    expect(io.out).toContain('unpack facility not available');
    expect(io.err).not.toContain('not a Secure Execution image');
  });

  test('--verbose summarises the Ultravisor calls on stderr', async () => {
    const io = captureIo();
    expect(await runCli(['boot', image, '--host-key', HOST_KEY_PEM[0]!, '-v'], io)).toBe(0);
    expect(io.err).toMatch(/set secure configuration parameters .*: 1 call\(s\), last rc 0x0001/);
    expect(io.err).toMatch(/unpack .*: \d+ call\(s\), last rc 0x0001/);
    expect(io.err).toMatch(/verify .*: 1 call\(s\), last rc 0x0001/);
    expect(io.err).toMatch(/the guest ran in secure mode/);
  });

  test('--max-insns: exit 4', async () => {
    const io = captureIo();
    expect(await runCli(['boot', image, '--host-key', HOST_KEY_PEM[0]!, '--max-insns', '1000'], io)).toBe(4);
  });

  test('no --host-key is a usage error (exit 2)', async () => {
    const io = captureIo();
    expect(await runCli(['boot', image], io)).toBe(2);
    expect(io.err).toMatch(/--host-key/);
  });

  test('bad inputs: one-line errors naming the file (exit 1)', async () => {
    const missing = join(dir, 'nope.img');
    let io = captureIo();
    expect(await runCli(['boot', missing, '--host-key', HOST_KEY_PEM[0]!], io)).toBe(1);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toContain(missing);
    io = captureIo();
    // A certificate is not a private key.
    expect(await runCli(['boot', image, '--host-key', HKD[0]!], io)).toBe(1);
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toContain(HKD[0]!);
  });
});
