/*
 * pvkit test-guest runtime: how a guest stops (written for pvkit).
 *
 * Spec: UV-SIE-NOTES §5.2. The end of a run is a disabled wait whose PSW address carries the result:
 * 0 = success, 0xdead0000 | program-interruption code for an unexpected program check (the default
 * program-new PSW points at rt_pgm_check), 0x5c1b.... for an SCLP failure (rt/sclp.S).
 */
#include "rt.h"

	.text

/* rt_lowcore_init(): program-new PSW -> rt_pgm_check (leaf). */
	.globl	rt_lowcore_init
rt_lowcore_init:
	larl	%r1, rt_pgm_new_psw
	mvc	LC_PGM_NEW_PSW(16,%r0), 0(%r1)
	br	%r14

/*
 * Default program-check handler: prints "program interruption code=CCCC ilen=N psw=MASK ADDR",
 * then exits with 0xdead0000 | interruption code (lowcore 0x8e).
 */
	.globl	rt_pgm_check
rt_pgm_check:
	larl	%r15, rt_stack_top - 160
	larl	%r2, .Lmsg_code
	brasl	%r14, puts
	llgh	%r2, LC_PGM_CODE(%r0)
	lghi	%r3, 4
	brasl	%r14, print_hex
	larl	%r2, .Lmsg_ilen
	brasl	%r14, puts
	llgh	%r2, LC_PGM_ILC(%r0)
	lghi	%r3, 1
	brasl	%r14, print_hex
	larl	%r2, .Lmsg_psw
	brasl	%r14, puts
	lg	%r2, LC_PGM_OLD_PSW(%r0)
	lghi	%r3, 16
	brasl	%r14, print_hex
	larl	%r2, .Lmsg_sp
	brasl	%r14, puts
	lg	%r2, LC_PGM_OLD_PSW + 8(%r0)
	lghi	%r3, 16
	brasl	%r14, print_hex
	larl	%r2, .Lmsg_nl
	brasl	%r14, puts
	llgh	%r2, LC_PGM_CODE(%r0)
	oilh	%r2, EXIT_PGM_BASE >> 16
	j	exit

/* exit(code r2): flush the console, then the disabled wait with the code as address (§5.2). */
	.globl	exit
exit:
	lgr	%r13, %r2
	brasl	%r14, flush
	lgr	%r2, %r13
	.globl	rt_halt
rt_halt:
	larl	%r1, rt_disabled_wait_psw
	stg	%r2, 8(%r1)
	lpswe	0(%r1)

	.section .rodata.rt,"a"
	.balign	2                               /* LARL targets are halfword aligned */
.Lmsg_code:
	.asciz	"program interruption code="
	.balign	2
.Lmsg_ilen:
	.asciz	" ilen="
	.balign	2
.Lmsg_psw:
	.asciz	" psw="
	.balign	2
.Lmsg_sp:
	.asciz	" "
	.balign	2
.Lmsg_nl:
	.asciz	"\n"

	.section .data.rt,"aw"
	.balign	16
	.globl	rt_pgm_new_psw
rt_pgm_new_psw:
	.quad	PSW_MASK_64, rt_pgm_check
rt_disabled_wait_psw:
	.quad	PSW_MASK_DISWAIT, 0
