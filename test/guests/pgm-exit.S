/*
 * Guest "pgm-exit": an unexpected program interruption ends the run through the runtime's default
 * handler (rt/stop.S): one diagnostic line, then the disabled wait 0xdead0000 | code
 * (UV-SIE-NOTES §5.2). Here: an operation exception (opcode 0x00), code 0x0001. Written for pvkit.
 */
	.text
	.globl	main
main:
	stmg	%r14, %r15, 112(%r15)
	aghi	%r15, -160
	larl	%r2, msg
	brasl	%r14, puts
	.globl	pgm_exit_fault
pgm_exit_fault:
	.short	0x0000
	lghi	%r2, 0                                  /* not reached */
	lmg	%r14, %r15, 112 + 160(%r15)
	br	%r14

	.section .rodata
	.balign	2                               /* LARL targets are halfword aligned */
msg:
	.asciz	"about to execute opcode 0x00\n"
