/*
 * pvkit test-guest runtime: IPL PSW and entry for guests linked at absolute 0 (guest.lds).
 *
 * Spec: UV-SIE-NOTES §5.2 (short IPL PSW at absolute 0, QEMU -kernel start state
 * PSW 0x0000000180000000), §5.3 (program-new PSW at 0x1d0).
 * The stack is not cleared (nothing relies on its contents); the rest of .bss is zero because both
 * QEMU and pvkit start with zeroed memory and the image ends before it.
 * The IPL PSW is an 8-byte short PSW (bit 12 set, EA+BA, 31-bit address): QEMU -kernel takes the
 * entry from its low word when there is no "S390EP" marker at 0x10008.
 */
#include "rt.h"

	.section .ipl.psw,"a"
	.quad	0x0008000180000000 + _start

	.text
	.globl	_start
_start:
	larl	%r15, rt_stack_top - 160
	/* Program checks end the run with exit(0xdead0000 | interruption code) (§5.2). */
	brasl	%r14, rt_lowcore_init
	brasl	%r14, sclp_init
	brasl	%r14, main
	j	exit

	.section .stack,"aw",@nobits
	.globl	rt_stack_top
	.balign	4096
	.space	16384
rt_stack_top:
