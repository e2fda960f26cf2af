/*
 * pvkit test-guest runtime: string and hex output on top of print() (rt/sclp.S).
 * Spec: none (formatting only); written for pvkit.
 */
#include "rt.h"

	.text

/* puts(s r2): print a NUL-terminated string. */
	.globl	puts
puts:
	lgr	%r3, %r2
.Lputs_scan:
	cli	0(%r3), 0
	je	.Lputs_end
	la	%r3, 1(%r3)
	j	.Lputs_scan
.Lputs_end:
	sgr	%r3, %r2
	j	print

/* print_hex(value r2, digits r3): the low DIGITS (1..16) hex digits, zero padded. */
	.globl	print_hex
print_hex:
	stmg	%r14, %r15, 112(%r15)
	aghi	%r15, -176
	larl	%r1, rt_hexdigits
	lgr	%r5, %r3                        /* loop counter; r3 stays the length */
	la	%r4, 160(%r3,%r15)              /* one past the last digit */
.Lhex_loop:
	aghi	%r4, -1
	lghi	%r14, 15                        /* r14 is saved: free as an index register */
	ngr	%r14, %r2
	llgc	%r0, 0(%r14,%r1)
	stc	%r0, 0(%r4)
	srlg	%r2, %r2, 4
	brctg	%r5, .Lhex_loop
	lgr	%r2, %r4
	brasl	%r14, print
	lmg	%r14, %r15, 112 + 176(%r15)
	br	%r14

	.section .rodata.rt,"a"
	.balign	2                               /* LARL targets are halfword aligned */
rt_hexdigits:
	.ascii	"0123456789abcdef"
