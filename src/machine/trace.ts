/**
 * Instruction trace: one line per executed instruction, comparable with QEMU's `-d cpu` log
 * (UV-SIE-NOTES §7.4): the PSW *before* the instruction in QEMU's spelling
 * (`PSW=mask … addr … cc …`), the objdump-style disassembly, then the registers the instruction
 * changed (`R01=…` as QEMU names GPRs, `C00=…` for control registers). A converter can rebuild
 * QEMU's full register dump by applying the changes in order.
 */
import type { Cpu, CpuTrace } from '../cpu/cpu.js';
import type { Decoded } from '../cpu/formats.js';
import { formatInstruction } from '../cpu/disassembler.js';

const h16 = (hi: number, lo: number): string =>
  (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
const r2 = (r: number): string => r.toString().padStart(2, '0');

export interface Tracer {
  trace: CpuTrace;
  /** Take the CPU's current state as "before the next instruction" (after IPL or a reset). */
  snapshot(cpu: Cpu): void;
}

export function createTracer(out: (line: string) => void): Tracer {
  const gh = new Int32Array(16), gl = new Int32Array(16), ch = new Int32Array(16), cl = new Int32Array(16);
  const snapshot = (cpu: Cpu): void => {
    gh.set(cpu.gh);
    gl.set(cpu.gl);
    ch.set(cpu.crh);
    cl.set(cpu.crl);
  };
  const trace = (cpu: Cpu, addr: number, d: Decoded | undefined, exception: boolean): void => {
    // The PSW as it was when the instruction started (after any interruption delivered before it).
    const mask = h16(cpu.tracePswHi | (cpu.traceCc << 12), cpu.tracePswLo);
    let line = `PSW=mask ${mask} addr ${h16(Math.floor(addr / 4294967296), addr >>> 0)} cc ${cpu.traceCc}`;
    if (d === undefined) line += ' | (no instruction)';
    else {
      const f = formatInstruction(d, addr);
      line += ` | ${f.operands === '' ? f.mnemonic : `${f.mnemonic} ${f.operands}`}`;
    }
    const changes: string[] = [];
    for (let r = 0; r < 16; r++) {
      if (cpu.gh[r] !== gh[r] || cpu.gl[r] !== gl[r]) changes.push(`R${r2(r)}=${h16(cpu.gh[r]!, cpu.gl[r]!)}`);
      if (cpu.crh[r] !== ch[r] || cpu.crl[r] !== cl[r]) changes.push(`C${r2(r)}=${h16(cpu.crh[r]!, cpu.crl[r]!)}`);
    }
    if (cpu.cc !== cpu.traceCc) changes.push(`cc=${cpu.cc}`);
    if (changes.length > 0) line += ` | ${changes.join(' ')}`;
    if (exception) line += ` | program interruption code 0x${cpu.pgm.code.toString(16).padStart(4, '0')}`;
    out(line);
    snapshot(cpu);
  };
  return { trace, snapshot };
}
