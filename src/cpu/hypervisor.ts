/**
 * The boundary between the CPU and whatever plays the hypervisor (QEMU/KVM role, UV-SIE-NOTES
 * §8.2): the instructions that z/Architecture leaves to the machine — DIAGNOSE, SERVICE CALL
 * (SCLP), SIGNAL PROCESSOR — and the moment a CPU has nothing to do (wait state). The plain
 * machine (`src/machine/plainHypervisor.ts`) implements it; a secure machine can wrap or replace
 * it to own DIAG 308 subcodes 8/10 and guest memory.
 */
import type { Cpu } from './cpu.js';

export interface Hypervisor {
  /**
   * DIAGNOSE with function code `code` (effective-address bits 48–63) and register fields r1, r3
   * (UV-SIE-NOTES §3). Runs after the CPU's privilege check; may recognise a program exception via
   * `cpu.programException(code)`, change registers, memory or the PSW (`cpu.loadPsw`).
   */
  diag(cpu: Cpu, code: number, r1: number, r3: number): void;
  /** SERVICE CALL: `command` = R1 low word, `sccb` = R2 real address. Returns the condition code. */
  servc(cpu: Cpu, command: number, sccb: number): number;
  /** SIGNAL PROCESSOR `order` for CPU address `cpuAddr`; `r1` is the status/parameter register field. Returns the CC. */
  sigp(cpu: Cpu, order: number, r1: number, cpuAddr: number): number;
  /**
   * The CPU is in an enabled wait with nothing deliverable. Return true after making an
   * interruption pending (the CPU then re-checks), false to end the run.
   */
  onWait(cpu: Cpu): boolean;
}
