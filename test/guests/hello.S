/*
 * Guest "hello": the smallest useful guest. Prints one line on the SCLP ASCII console and exits 0
 * (disabled wait, address 0: UV-SIE-NOTES §5.2). Written for pvkit.
 */
	.text
	.globl	main
main:
	stmg	%r14, %r15, 112(%r15)
	aghi	%r15, -160
	larl	%r2, msg
	lghi	%r3, msg_end - msg
	brasl	%r14, print
	lghi	%r2, 0
	lmg	%r14, %r15, 112 + 160(%r15)
	br	%r14

	.section .rodata
	.balign	2                               /* LARL targets are halfword aligned */
msg:
	.ascii	"Hello from a pvkit test guest\n"
msg_end:
