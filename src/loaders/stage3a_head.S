/*
 * pvkit stage3a: entry point at 0x11000 (SE-FORMAT §4.6 step 2).
 *
 * Switch to z/Architecture and 64-bit addressing again (we may come from the init stub or straight
 * from the IPL PSW), take the stack at 0xF000..0xFFFF, clear the BSS page at 0xC000 (the image
 * metadata block lives there in the file, §4.5) and run stage3a_main, which does not return.
 */
#include "layout.h"

	.section .text.start,"ax"
	.globl	_start
	.type	_start,@function
_start:
	enter_zarch64
	llill	%r15,STACK_ADDRESS+STACK_SIZE-STACK_FRAME_OVERHEAD
	larl	%r2,__bss_start
	larl	%r3,__bss_end
	sgr	%r3,%r2
	lghi	%r5,0				/* MVCLE with no source: fill with pad byte 0 */
0:	mvcle	%r2,%r4,0
	jo	0b
	brasl	%r14,stage3a_main
	lghi	%r2,STOP_EPV			/* not reached */
	brasl	%r14,cpu_stop
	.size	_start,.-_start

	.section .note.GNU-stack,"",@progbits
