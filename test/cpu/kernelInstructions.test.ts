/**
 * Instructions that s390x kernels and loaders use beyond the gcc-emitted set: BAL/BALR (all three
 * addressing modes), MVN/MVZ, CDS/CDSY/CDSG, CLCLE (with QEMU's 8 KiB CC-3 continuation), the
 * compare-and-trap family (data exception, DXC 0xff) and the high-word storage forms (the
 * register forms are in the semantics guest). Each case prints
 * R1–R5 and the CC — or, when it ends in a program interruption, the interruption code, the DXC
 * word, the ILC, the old PSW address and the address the case expected it at — as one hex line.
 * The lines are checked against the Principles of Operation here and against QEMU (TCG, the
 * oracle of UV-SIE-NOTES §7) when it is installed.
 */
import { describe, expect, test } from 'vitest';
import { runImage } from '../../src/machine/run.js';
import { haveQemuSystem, runQemuKernel } from '../support/qemu.js';
import { parseRecordLine, recordingGuest, type RecordLine } from './caseGuest.js';
import { assemble, haveCross } from './toolchain.js';

interface KCase {
  name: string;
  code: string;
}

/** Scratch storage of the cases (guest memory is 128 MiB under both machines). */
const DATA = `src\\@: .quad 0x123456789abcdef0, 0xfedcba9876543210
dst\\@: .quad 0xa5a5a5a5a5a5a5a5, 0x5a5a5a5a5a5a5a5a`;
/** Run `body` with %r4 = src, %r5 = dst (two 16-byte, doubleword-aligned blocks). */
const withData = (body: string): string =>
  `larl %r4,src\\@\n larl %r5,dst\\@\n ${body}\n j end\\@\n .align 16\n${DATA}\nend\\@:`;
/** A case whose instruction at `trap\\@` must end in a program interruption; `after\\@` follows it. */
const traps = (setup: string, insn: string): string =>
  `${setup}\n mvhi 0x90(%r0),0\n larl %r10,after\\@\n${insn}\nafter\\@:`;

const CASES: KCase[] = [
  { name: 'BALR links (64-bit mode) without branching for R2 = 0', code: 'lghi %r1,-1\n balr %r1,0\n0: larl %r2,0b\n sgr %r1,%r2' },
  { name: 'BAL branches and links', code: 'larl %r3,1f\n lghi %r2,-1\n bal %r2,0(%r3)\n2: lghi %r2,7\n1: larl %r3,2b\n sgr %r2,%r3' },
  {
    name: 'BALR in the 31-bit mode sets the BA bit',
    code: 'lghi %r1,-1\n sam31\n balr %r1,0\n0: sam64\n larl %r2,0b\n oilh %r2,0x8000\n xr %r1,%r2',
  },
  {
    name: 'BAL/BALR in the 24-bit mode: ILC, CC, program mask, address',
    code: 'lghi %r1,-1\n lghi %r2,-1\n iilf %r0,0x2a000000\n spm %r0\n sam24\n balr %r1,0\n larl %r3,1f\n bal %r2,0(%r3)\n' +
      '1: sam64\n lghi %r0,0\n spm %r0\n larl %r3,1b\n lgr %r4,%r3',
  },
  { name: 'MVN', code: withData('mvn 0(16,%r5),0(%r4)\n lg %r1,0(%r5)\n lg %r2,8(%r5)') },
  { name: 'MVZ', code: withData('mvz 0(16,%r5),0(%r4)\n lg %r1,0(%r5)\n lg %r2,8(%r5)') },
  { name: 'MVN overlapping: the numeric propagates', code: withData('mvn 1(15,%r4),0(%r4)\n lg %r1,0(%r4)\n lg %r2,8(%r4)') },
  {
    name: 'CDS equal: stores R3:R3+1',
    code: withData('l %r0,0(%r4)\n l %r1,4(%r4)\n lghi %r2,-1\n lghi %r3,5\n cds %r0,%r2,0(%r4)\n lgr %r3,%r1\n lgr %r1,%r0\n lg %r2,0(%r4)'),
  },
  {
    name: 'CDSY unequal: loads R1:R1+1',
    code: withData('lghi %r0,0\n lghi %r1,0\n lghi %r2,-1\n lghi %r3,-1\n cdsy %r0,%r2,0(%r5)\n lgr %r2,%r0\n lgr %r3,%r1\n lg %r1,0(%r5)'),
  },
  {
    name: 'CDSG equal: stores the 128-bit R3 pair',
    code: withData('lg %r0,0(%r4)\n lg %r1,8(%r4)\n lghi %r2,-2\n lghi %r3,3\n cdsg %r0,%r2,0(%r4)\n lg %r3,0(%r4)\n lg %r5,8(%r4)\n lgr %r2,%r1\n lgr %r1,%r0'),
  },
  {
    name: 'CDSG unequal: loads R1 pair',
    code: withData('lghi %r0,1\n lghi %r1,2\n lghi %r2,3\n lghi %r3,4\n cdsg %r0,%r2,0(%r5)\n lgr %r2,%r0\n lgr %r3,%r1\n lg %r1,0(%r5)'),
  },
  { name: 'CDS with an odd R1 (specification)', code: traps('larl %r4,wait_psw', '.insn rs,0xbb000000,%r1,%r2,0(%r4)') },
  { name: 'CDSG not quadword aligned (specification)', code: withData(traps('', 'cdsg %r0,%r2,8(%r4)')) },
  {
    name: 'CLCLE equal with padding, 8 KiB per execution (CC 3 continuation)',
    code: 'llilf %r0,0x90000\n llilf %r1,0x5000\n llilf %r2,0xa0000\n llilf %r3,0x4000\n lghi %r5,0\n' +
      '0: aghi %r5,1\n clcle %r0,%r2,0\n jo 0b\n lgr %r4,%r3\n lgr %r3,%r2\n lgr %r2,%r1\n lgr %r1,%r0',
  },
  {
    name: 'CLCLE unequal against the pad byte',
    code: 'llilf %r0,0x90000\n llilf %r1,0x5000\n llilf %r2,0xa0000\n llilf %r3,0x4000\n lghi %r5,0\n' +
      '0: aghi %r5,1\n clcle %r0,%r2,1\n jo 0b\n lgr %r4,%r3\n lgr %r3,%r2\n lgr %r2,%r1\n lgr %r1,%r0',
  },
  {
    name: 'CLCLE unequal bytes',
    code: withData('lgr %r0,%r4\n lghi %r1,16\n lgr %r2,%r5\n lghi %r3,9\n clcle %r0,%r2,0xa5\n ipm %r7\n sgr %r0,%r4\n' +
      ' sgr %r2,%r5\n lgr %r4,%r3\n lgr %r3,%r2\n lgr %r2,%r1\n lgr %r1,%r0\n spm %r7'),
  },
  { name: 'CRT not taken', code: 'lghi %r1,1\n lghi %r2,2\n chi %r1,2\n crt %r1,%r2,10' },
  { name: 'CRT taken (high)', code: traps('lghi %r1,3\n lghi %r2,2', 'crth %r1,%r2') },
  { name: 'CGRT taken (low, 64-bit)', code: traps('llihf %r1,0x80000000\n lghi %r2,0', 'cgrtl %r1,%r2') },
  { name: 'CLRT not taken (logical)', code: 'lghi %r1,-1\n lghi %r2,1\n clrtl %r1,%r2' },
  { name: 'CLGRT taken (equal)', code: traps('lghi %r1,-1\n lghi %r2,-1', 'clgrte %r1,%r2') },
  { name: 'CIT taken (negative immediate)', code: traps('lghi %r1,-5', 'cite %r1,-5') },
  { name: 'CGIT not taken', code: 'lghi %r1,5\n cgitl %r1,-32768' },
  { name: 'CLFIT taken (unsigned immediate)', code: traps('lghi %r1,1', 'clfitl %r1,65535') },
  { name: 'CLGIT taken with mask 14', code: traps('llihf %r1,1', 'clgit %r1,65535,14') },
  {
    name: 'high-word loads',
    code: withData('lghi %r1,-1\n lghi %r2,-1\n lghi %r3,-1\n lfh %r1,4(%r4)\n lbh %r2,8(%r4)\n llch %r3,8(%r4)\n' +
      ' lhh %r5,8(%r4)\n llhh %r0,8(%r4)\n lgr %r4,%r0'),
  },
  {
    name: 'high-word stores',
    code: withData('llihf %r1,0x11223344\n stfh %r1,0(%r5)\n stch %r1,8(%r5)\n sthh %r1,10(%r5)\n lg %r2,0(%r5)\n lg %r3,8(%r5)'),
  },
  { name: 'CHF / CLHF', code: withData('iihf %r1,0xfedcba98\n chf %r1,0(%r4)\n ipm %r2\n clhf %r1,0(%r4)\n ipm %r3\n srl %r2,28\n srl %r3,28') },
  { name: 'BRCTH counts in the high word', code: 'llihf %r1,3\n oilf %r1,7\n lghi %r2,0\n0: aghi %r2,1\n brcth %r1,0b' },
];

function guestSource(): string {
  return recordingGuest(CASES.map((c) => c.code));
}

describe.skipIf(!haveCross)('kernel and loader instructions', () => {
  const { image } = assemble(guestSource(), { disassemble: false });
  const ours = runImage(image, { machine: 'qemu', memoryBytes: 128 << 20, maxInstructions: 5_000_000 });
  const lines = ours.console.trimEnd().split('\n');
  const at = (name: string): RecordLine => parseRecordLine(lines[CASES.findIndex((c) => c.name === name)]!);
  const M64 = (1n << 64n) - 1n;

  test('the guest completes', () => {
    expect(ours.stop).toBe('disabled-wait');
    expect(ours.psw.addr).toBe(0n);
    expect(lines).toHaveLength(CASES.length);
  });

  test('BAL/BALR link information per addressing mode', () => {
    expect(at('BALR links (64-bit mode) without branching for R2 = 0').r[0]).toBe(0n); // link = address of the next instruction
    expect(at('BAL branches and links').r[1]).toBe(0n); // branched past "lghi %r2,7", link = the label
    expect(at('BALR in the 31-bit mode sets the BA bit').r[0]).toBe(0xffffffff00000000n); // low word = BA bit | address
    const m24 = at('BAL/BALR in the 24-bit mode: ILC, CC, program mask, address');
    const addr = m24.r[3]!; // address of the instruction after BAL
    expect(m24.r[1]! >> 32n).toBe(0xffffffffn); // bits 0-31 kept
    expect((m24.r[1]! & 0xffffffffn) >> 24n).toBe(0xaan); // ILC 2 (halfwords) · CC 2 · program mask 0xa
    expect(m24.r[1]! & 0xffffffn).toBe(addr);
    expect((m24.r[0]! & 0xffffffffn) >> 24n).toBe(0x6an); // BALR: ILC 1
  });

  test('MVN and MVZ move nibbles byte by byte, left to right', () => {
    expect(at('MVN').r.slice(0, 2)).toEqual([0xa2a4a6a8aaacaea0n, 0x5e5c5a5856545250n]);
    expect(at('MVZ').r.slice(0, 2)).toEqual([0x1535557595b5d5f5n, 0xfadaba9a7a5a3a1an]);
    // Each byte takes the numeric of its (already updated) left neighbour: all numerics become 2.
    expect(at('MVN overlapping: the numeric propagates').r.slice(0, 2)).toEqual([0x1232527292b2d2f2n, 0xf2d2b29272523212n]);
  });

  test('CDS, CDSY and CDSG', () => {
    const eq = at('CDS equal: stores R3:R3+1');
    expect(eq.cc).toBe(0);
    expect(eq.r[1]).toBe(0xffffffff00000005n); // the doubleword now holds R2.low : R3.low
    const ne = at('CDSY unequal: loads R1:R1+1');
    expect(ne.cc).toBe(1);
    expect([ne.r[1]! & 0xffffffffn, ne.r[2]! & 0xffffffffn]).toEqual([0xa5a5a5a5n, 0xa5a5a5a5n]);
    const g = at('CDSG equal: stores the 128-bit R3 pair');
    expect(g.cc).toBe(0);
    expect([g.r[2], g.r[4]]).toEqual([M64 - 1n, 3n]);
    const gn = at('CDSG unequal: loads R1 pair');
    expect(gn.cc).toBe(1);
    expect([gn.r[1], gn.r[2]]).toEqual([0xa5a5a5a5a5a5a5a5n, 0x5a5a5a5a5a5a5a5an]);
    for (const name of ['CDS with an odd R1 (specification)', 'CDSG not quadword aligned (specification)']) {
      expect(at(name).pgm).toBe(6);
    }
  });

  test('CLCLE', () => {
    const eq = at('CLCLE equal with padding, 8 KiB per execution (CC 3 continuation)');
    expect(eq.cc).toBe(0);
    expect(eq.r[4]).toBe(3n); // 0x2000 + 0x2000 + 0x1000 bytes
    expect(eq.r.slice(0, 4)).toEqual([0x95000n, 0n, 0xa4000n, 0n]);
    const pad = at('CLCLE unequal against the pad byte');
    expect(pad.cc).toBe(1); // first operand byte 0 < pad 1 once the second operand is exhausted
    expect(pad.r.slice(0, 4)).toEqual([0x94000n, 0x1000n, 0xa4000n, 0n]);
    const ne = at('CLCLE unequal bytes');
    expect(ne.cc).toBe(1); // 0x12 < 0xa5
    expect(ne.r.slice(0, 4)).toEqual([0n, 16n, 0n, 9n]); // stopped at the first bytes, lengths untouched
  });

  test('high-word facility: bits 0-31 of R1 only', () => {
    const ld = at('high-word loads');
    expect(ld.r.slice(0, 3)).toEqual([0x9abcdef0ffffffffn, 0xfffffffeffffffffn, 0x000000feffffffffn]);
    expect(ld.r[4]! >> 32n).toBe(0xfffffedcn); // LHH sign-extends 0xfedc
    expect(ld.r[3]! >> 32n).toBe(0xfedcn); // LLHH zero-extends
    const st = at('high-word stores');
    expect([st.r[1], st.r[2]]).toEqual([0x11223344a5a5a5a5n, 0x445a33445a5a5a5an]);
    const cmp = at('CHF / CLHF');
    expect([cmp.r[1]! & 0xffffffffn, cmp.r[2]! & 0xffffffffn]).toEqual([1n, 2n]); // 0xfedcba98 vs 0x12345678: signed low, logical high
    const br = at('BRCTH counts in the high word');
    expect(br.r[1]).toBe(3n);
    expect(br.r[0]).toBe(7n); // high word counted down to 0, low word untouched
  });

  test('compare and trap: data exception with DXC 0xff, old PSW past the instruction', () => {
    for (const c of CASES.filter((x) => /^C[LGF]*[RI]T /.test(x.name))) {
      const l = at(c.name);
      if (c.name.includes('not taken')) {
        expect(l.pgm, c.name).toBe(undefined);
        continue;
      }
      expect(l.pgm, c.name).toBe(7);
      expect(l.r[1], c.name).toBe(0xffn);
      expect(l.r[2], c.name).toBe(/^C[LGF]*IT /.test(c.name) ? 6n : 4n);
      expect(l.r[3], c.name).toBe(l.r[4]);
    }
    expect(at('CRT not taken').cc).toBe(1); // the CC of the earlier CHI, unchanged
  });

  test.skipIf(!haveQemuSystem())('identical to QEMU', async () => {
    const q = await runQemuKernel(image, { timeoutMs: 30_000 });
    const theirs = q.console.trimEnd().split('\n');
    const diffs = CASES.map((c, i) => (lines[i] !== theirs[i] ? `${c.name}:\n  pvkit ${lines[i]}\n  qemu  ${theirs[i]}` : '')).filter(Boolean);
    expect(diffs).toEqual([]);
    expect(q.psw).toEqual(ours.psw);
  });
});
