/*
 * pvkit loader test kernel: entry code (see testkernel.c for what it reports).
 *
 * Laid out like a Linux image as stage3b expects it (SE-FORMAT §4.7): the first 64 KiB of the
 * file are never moved, the code entered at 0x10000 jumps over the parameter area
 * 0x10400..0x10FFF to 0x11000. A u64 at 0x10010 holds the length of the "tail", test data the
 * test appends at file offset 0x20000, so the kernel can checksum what stage3b moved.
 */
#include "layout.h"

	.section .text.entry,"ax"
	.globl	_entry
_entry:
	jg	_start
	.org	_entry + 0x10
	.globl	tk_tail_len
tk_tail_len:
	.quad	0

	.section .text.start,"ax"
	.globl	_start
	.type	_start,@function
_start:
	sam64
	llill	%r15,STACK_ADDRESS+STACK_SIZE-STACK_FRAME_OVERHEAD
	larl	%r2,__bss_start
	larl	%r3,__bss_end
	sgr	%r3,%r2
	lghi	%r5,0
0:	mvcle	%r2,%r4,0
	jo	0b
	brasl	%r14,kernel_main
	lghi	%r2,1
	brasl	%r14,cpu_stop
	.size	_start,.-_start

	.section .note.GNU-stack,"",@progbits
