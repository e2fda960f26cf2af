/*
 * pvkit stage3a: init stub at 0x10000 (SE-FORMAT §4.1, §4.6 step 1).
 *
 * zipl enters an image at 0x10000 but may write into 0x10400..0x107FF, so the real entry point
 * is at 0x11000; QEMU -kernel enters there directly through the short PSW at 0 (§4.4). This stub
 * must end below PARMAREA (checked by the linker script).
 */
#include "layout.h"

	.section .text.init,"ax"
	.globl	_init
	.type	_init,@function
_init:
	enter_zarch64
	llilh	%r1,STAGE3A_ENTRY >> 16
	oill	%r1,STAGE3A_ENTRY & 0xffff
	br	%r1
	.size	_init,.-_init

	.section .note.GNU-stack,"",@progbits
