/*
 * Guest "pgm-checks": program interruptions delivered through the program-new PSW (UV-SIE-NOTES
 * §4.5, §5.3): operation exception (2- and 6-byte opcodes), privileged operation in problem state,
 * specification, fixed-point divide, execute exception; then EXECUTE RELATIVE LONG doing its job. For each: interruption code, ILC (as the
 * instruction length in bytes at lowcore 0x8c), old PSW mask and old PSW address relative to the
 * faulting instruction (suppression/completion: +ILC). Expected values: z/Architecture Principles
 * of Operation. Written for pvkit. Exit code = number of failed cases.
 */
#include "cases.h"

#define PGM_OPERATION      0x0001
#define PGM_PRIVILEGED     0x0002
#define PGM_EXECUTE        0x0003
#define PGM_SPECIFICATION  0x0006
#define PGM_FIXEDPOINT_DIV 0x0009

	.text
	.globl	main
main:
	stmg	%r6, %r15, 48(%r15)
	aghi	%r15, -160
	larl	%r1, pgm_new_psw
	mvc	LC_PGM_NEW_PSW(16,%r0), 0(%r1)

	PGM_BEGIN 1
	PGM_FAULT
	.short	0x0000
	PGM_END 1, "operation", PGM_OPERATION, 2, 0x0000300180000000, 2

	PGM_BEGIN 2
	PGM_FAULT
	.short	0xe300, 0x0000, 0x0000                  /* unassigned E3xx..00 */
	PGM_END 2, "operation/6", PGM_OPERATION, 6, 0x0000300180000000, 6

	PGM_BEGIN 3
	larl	%r1, psw_problem_3
	lpswe	0(%r1)
problem_3:
	PGM_FAULT
	lctlg	%c0, %c0, 0(%r9)
	PGM_END 3, "privileged", PGM_PRIVILEGED, 6, 0x0001300180000000, 6

	PGM_BEGIN 4
	larl	%r1, psw_problem_4
	lpswe	0(%r1)
problem_4:
	PGM_FAULT
	.insn	rre, 0xb2200000, %r2, %r3               /* SERVC */
	PGM_END 4, "privileged/2", PGM_PRIVILEGED, 4, 0x0001300180000000, 4

	PGM_BEGIN 5, 0, 0, 1
	PGM_FAULT
	.insn	rre, 0xb9870000, %r7, %r8               /* DLGR with odd R1 (gas refuses it) */
	PGM_END 5, "specification", PGM_SPECIFICATION, 4, 0x0000300180000000, 4

	PGM_BEGIN 6
	PGM_FAULT
	lpswe	4(%r9)                                  /* operand not on a doubleword */
	PGM_END 6, "spec/lpswe", PGM_SPECIFICATION, 4, 0x0000300180000000, 4

	PGM_BEGIN 7, 0, 100, 0
	PGM_FAULT
	dlgr	%r6, %r8                                /* divide by zero */
	PGM_END 7, "divide/0", PGM_FIXEDPOINT_DIV, 4, 0x0000300180000000, 4

	PGM_BEGIN 8, 5, 0, 2
	PGM_FAULT
	dlgr	%r6, %r8                                /* quotient does not fit 64 bits */
	PGM_END 8, "divide/big", PGM_FIXEDPOINT_DIV, 4, 0x0000300180000000, 4

	/*
	 * No fixed-point-overflow case (PSW program-mask bit 20 + signed overflow -> code 0x0008): QEMU
	 * 7.2 TCG never raises it, so there is no oracle for it.
	 */

	PGM_BEGIN 11
	PGM_FAULT
	exrl	%r0, exrl_exrl                          /* target is an EXECUTE */
	PGM_END 11, "execute", PGM_EXECUTE, 6, 0x0000300180000000, 6

	CASE_BEGIN 0, 0, 6
	MEM64	0, 0x0102030405060708
	MEM64	8, 0
	exrl	%r8, exrl_mvc                           /* length code 0 | 6 -> 7 bytes */
	lg	%r6, 8(%r9)
	CASE_END "exrl/mvc", 0x0102030405060700, 3

	brasl	%r14, summary
	lmg	%r6, %r15, 48 + 160(%r15)
	br	%r14

exrl_exrl:
	exrl	%r0, exrl_exrl
exrl_mvc:
	mvc	8(1,%r9), 0(%r9)

/* Program-check handler of the expected cases: record, then resume. */
pgm_handler:
	larl	%r1, pgm_seen
	mvc	0(2,%r1), LC_PGM_ILC(%r0)
	mvc	2(2,%r1), LC_PGM_CODE(%r0)
	mvc	8(16,%r1), LC_PGM_OLD_PSW(%r0)
	larl	%r1, pgm_resume
	lg	%r1, 0(%r1)
	br	%r1

	.section .rodata
	.balign	8
pgm_new_psw:
	.quad	PSW_MASK_64, pgm_handler
psw_problem_3:
	.quad	0x0001300180000000, problem_3           /* problem state, cc 3 */
psw_problem_4:
	.quad	0x0001300180000000, problem_4

	.section .bss
	.balign	256
	.globl	case_mem
case_mem:
	.space	256
