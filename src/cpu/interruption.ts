/**
 * Interruption codes and the lowcore locations the interruption mechanism uses
 * (UV-SIE-NOTES §5.3; z/Architecture Principles of Operation, "Interruptions").
 */

/** Program-interruption codes (lowcore 0x8e). */
export const PGM_OPERATION = 0x01;
export const PGM_PRIVILEGED = 0x02;
export const PGM_EXECUTE = 0x03;
export const PGM_PROTECTION = 0x04;
export const PGM_ADDRESSING = 0x05;
export const PGM_SPECIFICATION = 0x06;
export const PGM_DATA = 0x07;
export const PGM_FIXED_OVERFLOW = 0x08;
export const PGM_FIXED_DIVIDE = 0x09;

/** External-interruption codes (lowcore 0x86). */
export const EXT_CLOCK_COMPARATOR = 0x1004;
export const EXT_SERVICE_SIGNAL = 0x2401;

/** Lowcore offsets (real addresses in the prefix area). */
export const LC_EXT_PARAMS = 0x80;
export const LC_EXT_CPU_ADDR = 0x84;
export const LC_EXT_INT_CODE = 0x86;
export const LC_SVC_ILC = 0x88;
export const LC_SVC_CODE = 0x8a;
export const LC_PGM_ILC = 0x8c;
export const LC_PGM_CODE = 0x8e;
export const LC_STFL_FAC_LIST = 0xc8;
export const LC_RESTART_OLD_PSW = 0x120;
export const LC_EXT_OLD_PSW = 0x130;
export const LC_SVC_OLD_PSW = 0x140;
export const LC_PGM_OLD_PSW = 0x150;
export const LC_MCK_OLD_PSW = 0x160;
export const LC_IO_OLD_PSW = 0x170;
export const LC_RESTART_NEW_PSW = 0x1a0;
export const LC_EXT_NEW_PSW = 0x1b0;
export const LC_SVC_NEW_PSW = 0x1c0;
export const LC_PGM_NEW_PSW = 0x1d0;
export const LC_MCK_NEW_PSW = 0x1e0;
export const LC_IO_NEW_PSW = 0x1f0;

/** CR0 subclass-mask bits (in the low word of CR0) that gate external interruptions. */
export const CR0_SERVICE_SIGNAL = 0x0000_0200;
export const CR0_CLOCK_COMPARATOR = 0x0000_0800;

/**
 * Thrown inside instruction semantics to recognise a program exception; the CPU's run loop
 * catches it and performs the interruption. One instance per CPU is reused (no allocation).
 */
export class ProgramException {
  code = 0;
  /** True when the exception was recognised while fetching (no instruction to advance past). */
  atFetch = false;
}
