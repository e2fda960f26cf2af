/*
 * Sample kernel: entry, "S390EP" marker and parameter area (written for pvkit).
 *
 * Spec: SE-FORMAT §4.4 (short PSW), §4.7 (stage3b drops the first 64 KiB of the kernel file, reads
 * the max command-line size at 0x10430, copies the command line to 0x10480 and stores initrd
 * start/size at 0x10408/0x10410, then LPSWEs {0x180000000, 0x10000}), §4.8; UV-SIE-NOTES §5.2.
 * Nothing here relies on memory below 0x10000 or on the state of .bss (stage3b's memmove leaves the
 * tail of the kernel component behind the image), so .bss is cleared first.
 */
#include "rt.h"

	.section .ipl.psw,"a"
	.quad	0x0008000180010000              /* short PSW: EA+BA, address 0x10000 */

	.section .head,"ax"
	.globl	_start
_start:                                         /* 0x10000 */
	j	startup
	.org	_start + 8
	.ascii	"S390EP"                        /* 0x10008: QEMU -kernel enters at 0x10000 */
	.byte	0, 0

	.section .parmarea,"a"                  /* 0x10400-0x107ff (PARMAREA) */
	.org	0x30
	.quad	MAX_COMMAND_LINE_SIZE           /* 0x10430 */
	.org	0x400

	.text
startup:
	larl	%r15, rt_stack_top - 160
	larl	%r1, __bss_start
	larl	%r2, __bss_end
	j	.Lclear_test
.Lclear:
	mvghi	0(%r1), 0
	la	%r1, 8(%r1)
.Lclear_test:
	clgr	%r1, %r2
	jl	.Lclear
	brasl	%r14, rt_lowcore_init
	brasl	%r14, sclp_init
	brasl	%r14, main
	j	exit

	.section .stack,"aw",@nobits
	.globl	rt_stack_top
	.balign	4096
	.space	16384
rt_stack_top:
