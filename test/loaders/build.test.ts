/**
 * The committed loader binaries against their sources: build.sh is deterministic (also from a
 * checkout at another path), the committed .bin files are exactly what it builds, the layout
 * constraints of SE-FORMAT §4.6/§4.7 hold, and the code uses no privileged instruction beyond
 * the ones the loaders need (UV-SIE-NOTES §4.5).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared.js';

const CROSS = 's390x-linux-gnu-';
const haveCross = ['gcc', 'objdump', 'nm', 'readelf'].every(
  (t) => spawnSync(`${CROSS}${t}`, ['--version'], { stdio: 'ignore' }).status === 0,
);
const crossSkipReason = `${CROSS}gcc/binutils not found (Debian gcc-s390x-linux-gnu): loader build tests skipped`;
if (!haveCross) console.warn(crossSkipReason);

const LOADER_BINS = ['stage3a.bin', 'stage3b_reloc.bin'];
const GUEST_BINS = ['testkernel.bin', 'stage3a_fakeuv.bin'];

/** Mnemonics (as binutils 2.40 prints them) of privileged and control instructions. */
const PRIVILEGED = new Set(
  `lpsw lpswe lpswey ssm stnsm stosm sck sckc stckc spt stpt spx stpx stap stidp sigp diag lctl lctlg
   stctl stctg lra lray lrag ptlb ipte idte iske sske rrbe rrbm ivsk iac sac sacf epar esar ereg eregg
   esea pc pt pr bsa bsg bakr lasp tprot lura lurag stura sturg mvcp mvcs mvcdk mvcsk sie pgin pgout
   csp cspg ptff pfmf sckpf stfl stsch ssch tsch msch csch hsch rsch xsch chsc tpi stcrw sal schm
   rchp stcps ptf stsi trap2 trap4 lpp lcctl lpctl lsctl qctri qsi ecctr epctr scctr spctr servc`.split(/\s+/),
);

interface Disassembly {
  mnemonics: Map<string, number>;
  /** Words objdump could not decode (`.long`), as hex strings. */
  undecoded: string[];
}

function disassemble(elf: string): Disassembly {
  const text = execFileSync(`${CROSS}objdump`, ['-d', '--no-show-raw-insn', elf], { encoding: 'utf8' });
  const mnemonics = new Map<string, number>();
  const undecoded: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s+[0-9a-f]+:\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, mnemonic, operands] = m as unknown as [string, string, string];
    if (mnemonic === '.long' || mnemonic === '.short' || mnemonic === '.byte') undecoded.push(operands.trim());
    else mnemonics.set(mnemonic, (mnemonics.get(mnemonic) ?? 0) + 1);
  }
  return { mnemonics, undecoded };
}

function symbols(elf: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of execFileSync(`${CROSS}nm`, [elf], { encoding: 'utf8' }).split('\n')) {
    const [addr, , name] = line.trim().split(/\s+/);
    if (addr && name) out.set(name, parseInt(addr, 16));
  }
  return out;
}

/** The first instructions of a raw binary loaded at `vma`, starting at `vma + offset`. */
function firstInstructions(bin: string, vma: number, offset: number, n: number): string[] {
  const text = execFileSync(
    `${CROSS}objdump`,
    ['-D', '-b', 'binary', '-m', 's390:64-bit', '--no-show-raw-insn', `--adjust-vma=0x${vma.toString(16)}`,
      `--start-address=0x${(vma + offset).toString(16)}`, `--stop-address=0x${(vma + offset + 32).toString(16)}`, bin],
    { encoding: 'utf8' },
  );
  return text
    .split('\n')
    .map((l) => /^\s+[0-9a-f]+:\s+(.*)$/.exec(l)?.[1]?.replace(/\s+/g, ' ').trim())
    .filter((x): x is string => x !== undefined)
    .slice(0, n);
}

const SET_ARCH_AND_SAM64 = ['lhi %r1,1', 'sigp %r1,%r0,18', 'sam64'];

describe.skipIf(!haveCross)(`loader build${haveCross ? '' : ` (${crossSkipReason})`}`, () => {
  let scratch: string;
  let a: string;
  let b: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'pvkit-loaders-'));
    a = join(scratch, 'a');
    b = join(scratch, 'b');
    execFileSync('bash', [join(repoRoot, 'src/loaders/build.sh'), a], { env: { ...process.env, KEEP_ELF: '1' } });
    execFileSync('bash', [join(repoRoot, 'test/loaders/build.sh'), a]);
    // A second checkout at another path: source paths must not leak into the binaries.
    const copy = join(scratch, 'elsewhere', 'checkout');
    cpSync(join(repoRoot, 'src/loaders'), join(copy, 'src/loaders'), { recursive: true, filter: (p) => !p.endsWith('.bin') });
    cpSync(join(repoRoot, 'test/loaders'), join(copy, 'test/loaders'), { recursive: true, filter: (p) => !p.endsWith('.bin') });
    execFileSync('bash', [join(copy, 'src/loaders/build.sh'), b]);
    execFileSync('bash', [join(copy, 'test/loaders/build.sh'), b]);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const read = (dir: string, name: string) => new Uint8Array(readFileSync(join(dir, name)));

  it.each([...LOADER_BINS, ...GUEST_BINS])('%s builds identically from another checkout path', (name) => {
    expect(Buffer.compare(read(a, name), read(b, name))).toBe(0);
  });

  it.each(LOADER_BINS)('committed src/loaders/%s equals a fresh build', (name) => {
    expect(Buffer.compare(read(join(repoRoot, 'src/loaders'), name), read(a, name))).toBe(0);
  });

  it.each(GUEST_BINS)('committed test/loaders/%s equals a fresh build', (name) => {
    expect(Buffer.compare(read(join(repoRoot, 'test/loaders'), name), read(a, name))).toBe(0);
  });

  it('stage3a: init stub at 0x10000 below 0x10400, _start at 0x11000, ends below 0x13000, zero 24-byte slot', () => {
    const bin = read(a, 'stage3a.bin');
    const sym = symbols(join(a, 'stage3a.elf'));
    expect(sym.get('_init')).toBe(0x10000);
    expect(sym.get('__init_end')).toBeLessThanOrEqual(0x10400);
    expect(sym.get('_start')).toBe(0x11000);
    expect(bin.length).toBeLessThanOrEqual(0x3000);
    expect(sym.get('stage3a_args')).toBe(0x10000 + bin.length - 24);
    expect([...bin.subarray(bin.length - 24)].every((x) => x === 0)).toBe(true);
    // The bytes themselves: both entry points switch to z/Architecture and 64-bit addressing.
    const path = join(a, 'stage3a.bin');
    expect(firstInstructions(path, 0x10000, 0, 3)).toEqual(SET_ARCH_AND_SAM64);
    expect(firstInstructions(path, 0x10000, 0x1000, 3)).toEqual(SET_ARCH_AND_SAM64);
    // The init stub branches to 0x11000.
    expect(firstInstructions(path, 0x10000, 0, 6).slice(3)).toEqual(['llilh %r1,1', 'oill %r1,4096', 'br %r1']);
  });

  it('stage3b: entry at byte 0, zero 64-byte slot last, image with BSS fits 0xA000..0xEFFF', () => {
    const bin = read(a, 'stage3b_reloc.bin');
    const sym = symbols(join(a, 'stage3b.elf'));
    expect(sym.get('_start')).toBe(0);
    expect(sym.get('stage3b_args')).toBe(bin.length - 64);
    expect([...bin.subarray(bin.length - 64)].every((x) => x === 0)).toBe(true);
    expect(sym.get('__bss_end')).toBeLessThanOrEqual(0x5000);
    expect(firstInstructions(join(a, 'stage3b_reloc.bin'), 0, 0, 3)).toEqual(SET_ARCH_AND_SAM64);
  });

  it('stage3b: only PC-relative relocations were resolved into it (position independent)', () => {
    const text = execFileSync(`${CROSS}readelf`, ['-rW', join(a, 'stage3b.elf')], { encoding: 'utf8' });
    const types = new Set(
      text
        .split('\n')
        .map((l) => /^[0-9a-f]+\s+[0-9a-f]+\s+(R_390_\w+)/.exec(l)?.[1])
        .filter((t): t is string => t !== undefined),
    );
    expect(types.size).toBeGreaterThan(0);
    for (const t of types) expect(t).toMatch(/^R_390_(PC(12|16|24|32)DBL|PLT(12|16|24|32)DBL|PC32|PC64)$/);
  });

  // SERVC (B220) has no binutils mnemonic: it shows up as `.long 0xb220....`; zero words are padding.
  const expected: [string, string[]][] = [
    ['stage3a.elf', ['diag', 'lctlg', 'lpswe', 'sigp', 'stctg', 'stfl']],
    ['stage3b.elf', ['lctlg', 'lpswe', 'sigp', 'stctg']],
  ];
  it.each(expected)('%s uses only the expected privileged instructions (+ SERVC)', (elf, privileged) => {
    const { mnemonics, undecoded } = disassemble(join(a, elf));
    expect([...mnemonics.keys()].filter((m) => PRIVILEGED.has(m)).sort()).toEqual(privileged);
    const servc = undecoded.filter((w) => /^0xb220[0-9a-f]{4}$/.test(w));
    expect(servc).toHaveLength(1);
    expect(undecoded.filter((w) => !servc.includes(w) && w !== '0x00000000')).toEqual([]);
  });
});
