/*
 * pvkit stage3b: position-independent entry (SE-FORMAT §4.7).
 *
 * The Ultravisor starts us in secure mode, 64-bit, at our first byte, wherever the builder put
 * the component. The kernel is then moved to 0x10000.., so we first get out of its way:
 *   - if we (with BSS) already lie inside [0x2000, 0xF000): run in place;
 *   - else copy ourselves to 0xA000, or to 0x2000 if we straddle 0xF000 from inside 0xA000..0xF000
 *     (so source and copy never overlap); the linker script keeps us under 0x5000 bytes.
 * MVCLE copies the file part and zero-fills the BSS in one go. The stack is 0xF000..0xFFFF.
 */
#include "layout.h"

	.section .text.head,"ax"
	.globl	_start
	.type	_start,@function
_start:
	enter_zarch64
	larl	%r6,_start			/* r6 = where we run now */
	larl	%r7,__image_end
	sgr	%r7,%r6				/* r7 = bytes in the file */
	larl	%r8,__bss_end
	sgr	%r8,%r6				/* r8 = bytes with BSS */
	lgr	%r9,%r6
	agr	%r9,%r8				/* r9 = end with BSS */
	clgfi	%r6,STAGE3B_ALT_ADDRESS
	jl	.Lmove_main			/* in lowcore: go to 0xA000 */
	clgfi	%r9,STACK_ADDRESS
	jle	.Lin_place
	clgfi	%r6,STACK_ADDRESS
	jhe	.Lmove_main			/* above the stack: 0xA000.. is free */
	clgfi	%r6,STAGE3B_RELOC_ADDRESS
	jl	.Lmove_main			/* (cannot happen: we are < 0x5000 bytes) */
	llill	%r10,STAGE3B_ALT_ADDRESS		/* straddling 0xF000 from 0xA000..0xF000 */
	j	.Lmove
.Lmove_main:
	llill	%r10,STAGE3B_RELOC_ADDRESS
.Lmove:
	lgr	%r2,%r10			/* destination: copy + zeroed BSS */
	lgr	%r3,%r8
	lgr	%r4,%r6				/* source: the file part */
	lgr	%r5,%r7
0:	mvcle	%r2,%r4,0
	jo	0b
	larl	%r1,.Lrelocated			/* continue in the copy */
	sgr	%r1,%r6
	agr	%r1,%r10
	br	%r1
.Lin_place:
	lgr	%r2,%r6				/* zero the BSS only */
	agr	%r2,%r7
	lgr	%r3,%r8
	sgr	%r3,%r7
	lghi	%r5,0
0:	mvcle	%r2,%r4,0
	jo	0b
.Lrelocated:
	llill	%r15,STACK_ADDRESS+STACK_SIZE-STACK_FRAME_OVERHEAD
	brasl	%r14,stage3b_main
	lghi	%r2,STOP_EINTERNAL		/* not reached */
	brasl	%r14,cpu_stop
	.size	_start,.-_start

	.section .note.GNU-stack,"",@progbits
