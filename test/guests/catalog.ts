/**
 * The test guests (test/guests/*.bin, built by test/guests/build.sh) and what each must print,
 * computed here from the guest's own specification (independently of both QEMU and pvkit run), so
 * the QEMU test and the differential test can fail.
 *
 * Exit convention (UV-SIE-NOTES §5.2): the guest ends in the disabled wait PSW
 * 0x0002000180000000 with its exit code as address: 0 = success, 0xdead0000 | code = unexpected
 * program interruption, 0x5c1b.... = SCLP failure.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const guestsDir = fileURLToPath(new URL('.', import.meta.url));

export function guestPath(name: string): string {
  return `${guestsDir}${name}.bin`;
}

export function readGuest(name: string): Uint8Array {
  return new Uint8Array(readFileSync(guestPath(name)));
}

/** Disabled-wait PSW mask of every guest exit (64-bit addressing, wait bit). */
export const EXIT_MASK = 0x0002000180000000n;

export interface GuestExpectation {
  /** The SCLP ASCII console, byte for byte (latin1); or a checker for self-checking guests. */
  console: string | ((console: string, image: Uint8Array) => void);
  /** The SCLP line-mode console as QEMU renders it, when the guest uses it. */
  lineModeConsole?: string;
  /** PSW address of the final disabled wait (the exit code). */
  exitCode: bigint;
}

export interface Guest {
  name: string;
  /** What the guest exercises. */
  about: string;
  /** Expected output; computed lazily (some need hashing). */
  expect: () => GuestExpectation;
  /** QEMU wall-clock budget. */
  timeoutMs: number;
}

// ---- sha256 guest (test/guests/sha256.c): xorshift64* buffer, CRC-32, mix, chained SHA-256 ----

const M64 = (1n << 64n) - 1n;

/** The guest's buffer: xorshift64* (12, 25, 27; multiplier 0x2545f4914f6cdd1d), big-endian words. */
export function sha256GuestBuffer(size: number): Uint8Array {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < size; i += 8) {
    x ^= x >> 12n;
    x = (x ^ (x << 25n)) & M64;
    x ^= x >> 27n;
    view.setBigUint64(i, (x * 0x2545f4914f6cdd1dn) & M64);
  }
  return out;
}

/** CRC-32 (IEEE 802.3, reflected, init/xorout 0xffffffff: zlib's crc32). */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of data) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function mix(data: Uint8Array): bigint {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let h = 0x0123456789abcdefn;
  for (let i = 0; i < data.length; i += 8) {
    const w = view.getBigUint64(i);
    const m = w * 0x9e3779b97f4a7c15n;
    const t = h ^ (m >> 64n) ^ (m & M64);
    h = ((((t << 23n) | (t >> 41n)) & M64) + w) & M64;
  }
  return h;
}

export function sha256GuestOutput(size: number, rounds: number): string {
  const buf = sha256GuestBuffer(size);
  const head = `sha256 guest: bytes=${size} rounds=${rounds}\n` +
    `crc32=${hex(crc32(buf), 8)} mix=${hex(mix(buf), 16)}\n`;
  let d = createHash('sha256').update(buf).digest();
  for (let r = 1; r < rounds; r++) {
    buf.set(d, 0);
    d = createHash('sha256').update(buf).digest();
  }
  return `${head}sha256=${d.toString('hex')}\n`;
}

export function hex(v: number | bigint, digits: number): string {
  return v.toString(16).padStart(digits, '0');
}

// ---- sample kernel (test/guests/sample-kernel/) ----

export const SAMPLE_KERNEL_MAX_CMDLINE = 4096n;

/** What the sample kernel prints for a command line and an initrd at START (or none). */
export function sampleKernelOutput(cmdline: string, initrd?: { start: bigint; data: Uint8Array }): string {
  const rd = initrd === undefined || initrd.data.length === 0
    ? 'initrd: none\n'
    : `initrd: start=0x${hex(initrd.start, 16)} size=${initrd.data.length} crc32=${hex(crc32(initrd.data), 8)}\n`;
  return `pvkit sample kernel\ncmdline: ${cmdline}\n${rd}`;
}

// ---- self-checking assembly guests (rt/check.c line formats) ----

const CASE_LINE = /^(\S+) +[0-9a-f]{16} cc=[0-3] ok$/;
const PGM_LINE = /^(\S+) +code=[0-9a-f]{4} ilen=[246] psw=[0-9a-f]{16} \+[0-9a-f]{2} ok$/;

/**
 * The console of a self-checking guest: every case line says "ok" (the guest compared the result
 * with the value written in its source) and the summary counts them with 0 failures.
 */
export function checkSelfCheckingConsole(consoleText: string, minCases: number): void {
  const lines = consoleText.split('\n');
  const last = lines.pop();
  if (last !== '') throw new Error(`console does not end with a newline: ${JSON.stringify(last)}`);
  const summary = lines.pop() ?? '';
  const m = /^(\d+) cases, (\d+) failed$/.exec(summary);
  const bad = lines.filter((l) => !CASE_LINE.test(l) && !PGM_LINE.test(l));
  if (bad.length > 0) throw new Error(`failed or malformed case lines:\n${bad.join('\n')}`);
  if (!m) throw new Error(`no summary line, got ${JSON.stringify(summary)}`);
  if (Number(m[1]) !== lines.length || Number(m[2]) !== 0 || lines.length < minCases) {
    throw new Error(`summary "${summary}" for ${lines.length} case lines (want >= ${minCases}, 0 failed)`);
  }
}

/** pgm-exit: the default handler's line; the old PSW must point just past the 0x0000 halfword. */
function checkPgmExitConsole(consoleText: string, image: Uint8Array): void {
  const m = /^about to execute opcode 0x00\nprogram interruption code=0001 ilen=2 psw=0000000180000000 ([0-9a-f]{16})\n$/.exec(consoleText);
  if (!m) throw new Error(`unexpected console: ${JSON.stringify(consoleText)}`);
  const addr = Number.parseInt(m[1]!, 16);
  // The faulting halfword 0x0000 directly follows the BRASL (C0 E5 ...) that printed the message.
  const ok = addr >= 8 && addr <= image.length && image[addr - 1] === 0 && image[addr - 2] === 0 &&
    image[addr - 8] === 0xc0 && image[addr - 7] === 0xe5;
  if (!ok) throw new Error(`old PSW address 0x${m[1]} does not follow the faulting instruction`);
}

export const consoleGuestVt220 =
  'console guest: vt220\n' +
  Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + '\n' +
  'tab\there, carriage return\r\n' +
  '0123456789'.repeat(60) + '\n' +
  'end\n\0';

/** QEMU's line-mode console writes a newline before each message (hw/char/sclpconsole-lm.c). */
export const consoleGuestLineMode = '\nline mode: ABC xyz 0123456789 .,:;=-+*/()\nsecond line-mode message';

export function copsExpected(): string {
  return readFileSync(`${guestsDir}cops.expected`, 'latin1');
}

/** Every guest that runs without arguments, in the order of the tests. */
export const guests: readonly Guest[] = [
  {
    name: 'hello',
    about: 'smallest guest: SCLP init, one line, exit 0',
    expect: () => ({ console: 'Hello from a pvkit test guest\n', exitCode: 0n }),
    timeoutMs: 10_000,
  },
  {
    name: 'sha256-small',
    about: 'SHA-256 + CRC-32 + 64-bit mix over 32 KiB (~2.4 M instructions)',
    expect: () => ({ console: sha256GuestOutput(32768, 1), exitCode: 0n }),
    timeoutMs: 20_000,
  },
  {
    name: 'sha256',
    about: 'the benchmark workload: 64 KiB, 13 chained SHA-256 rounds (>= 50 M instructions)',
    expect: () => ({ console: sha256GuestOutput(65536, 13), exitCode: 0n }),
    timeoutMs: 60_000,
  },
  {
    name: 'insn-gpr',
    about: 'self-checking cases: RR/RRE/RRF/RX/RXY/RI/RIE/RIL/RSY/RS/RSI families, cc edge cases',
    expect: () => ({ console: (c) => checkSelfCheckingConsole(c, 171), exitCode: 0n }),
    timeoutMs: 10_000,
  },
  {
    name: 'insn-sys',
    about: 'self-checking cases: SS/SI/SIY/SIL/E, MVCLE, SIGP, STCK/SCKC/LPSWE/STFL/STIDP, control registers',
    expect: () => ({ console: (c) => checkSelfCheckingConsole(c, 28), exitCode: 0n }),
    timeoutMs: 10_000,
  },
  {
    name: 'pgm-checks',
    about: 'program interruptions through the program-new PSW: code, ILC, old PSW',
    expect: () => ({ console: (c) => checkSelfCheckingConsole(c, 10), exitCode: 0n }),
    timeoutMs: 10_000,
  },
  {
    name: 'pgm-exit',
    about: 'unexpected operation exception: default handler, exit 0xdead0001',
    expect: () => ({ console: checkPgmExitConsole, exitCode: 0xdead0001n }),
    timeoutMs: 10_000,
  },
  {
    name: 'console',
    about: 'SCLP console: VT220 bytes incl. TAB/CR/NUL, 600-byte line, line-mode messages',
    expect: () => ({ console: consoleGuestVt220, lineModeConsole: consoleGuestLineMode, exitCode: 0n }),
    timeoutMs: 10_000,
  },
  ...(['z10', 'z13', 'z15'] as const).map((m): Guest => ({
    name: `cops-${m}`,
    about: `C integer/string operations, -O2 -march=${m} (expected: host build of the same source)`,
    expect: () => ({ console: copsExpected(), exitCode: 0n }),
    timeoutMs: 10_000,
  })),
  {
    name: 'sample-kernel',
    about: 'SE-bootable sample kernel, plain boot: empty command line, no initrd',
    expect: () => ({ console: sampleKernelOutput(''), exitCode: 0n }),
    timeoutMs: 10_000,
  },
];
