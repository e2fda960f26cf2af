/*
 * Guest "console": the SCLP console paths (UV-SIE-NOTES §5.1), written for pvkit.
 * VT220/ASCII (event type 0x1a): every printable ASCII byte, TAB and CR, a 600-byte line (split over
 * three Write Event Data commands by the 240-byte buffer), and a final NUL byte as zipl sends.
 * Line mode (event type 2, EBCDIC MTO): two messages, interleaved with ASCII output.
 */
	.text
	.globl	main
main:
	stmg	%r6, %r15, 48(%r15)
	aghi	%r15, -160
	larl	%r2, s_intro
	brasl	%r14, puts
	/* every printable byte 0x20..0x7e, built in memory */
	larl	%r6, buf
	lghi	%r7, 0x20
1:	stc	%r7, 0(%r6)
	la	%r6, 1(%r6)
	aghi	%r7, 1
	cghi	%r7, 0x7f
	jl	1b
	mvi	0(%r6), 10
	larl	%r2, buf
	lghi	%r3, 0x7f - 0x20 + 1
	brasl	%r14, print
	larl	%r2, s_ctrl
	brasl	%r14, puts
	larl	%r2, s_lm1
	lghi	%r3, s_lm1_end - s_lm1
	brasl	%r14, print_lm
	/* 600 bytes: "0123456789" x 60, then newline */
	larl	%r6, buf
	lghi	%r8, 60
2:	lghi	%r7, 0x30
3:	stc	%r7, 0(%r6)
	la	%r6, 1(%r6)
	aghi	%r7, 1
	cghi	%r7, 0x3a
	jl	3b
	brctg	%r8, 2b
	mvi	0(%r6), 10
	larl	%r2, buf
	lghi	%r3, 601
	brasl	%r14, print
	larl	%r2, s_lm2
	lghi	%r3, s_lm2_end - s_lm2
	brasl	%r14, print_lm
	larl	%r2, s_end
	lghi	%r3, s_end_end - s_end                  /* includes the NUL */
	brasl	%r14, print
	lghi	%r2, 0
	lmg	%r6, %r15, 48 + 160(%r15)
	br	%r14

	.section .rodata
	.balign	2
s_intro:
	.asciz	"console guest: vt220\n"
	.balign	2
s_ctrl:
	.asciz	"tab\there, carriage return\r\n"
	.balign	2
s_lm1:
	.ascii	"line mode: ABC xyz 0123456789 .,:;=-+*/()"
s_lm1_end:
	.balign	2
s_lm2:
	.ascii	"second line-mode message"
s_lm2_end:
	.balign	2
s_end:
	.asciz	"end\n"
s_end_end:

	.section .bss
buf:
	.space	1024
