/*
 * Guest "insn-sys": self-checking cases for the storage-to-storage, storage-immediate and system
 * instruction families of UV-SIE-NOTES §4.7 (SS, SI, SIY, SIL, E, RS MVCLE/SIGP, S STCK/SCKC/
 * LPSWE/STFL/STIDP, RSY LCTLG/STCTG) and the initial control registers of a QEMU -kernel IPL
 * (§5.3: CR0 0xe0, CR14 0xc2000000; CR0 bit 0x200 is added by sclp_init). Expected values: z/Architecture Principles
 * of Operation. Written for pvkit. Exit code = number of failed cases.
 */
#include "cases.h"

	.text
	.globl	main
main:
	stmg	%r6, %r15, 48(%r15)
	aghi	%r15, -160

/* ---- SS ---- */
	CASE_BEGIN
	MEM64	0, 0x0102030405060708
	MEM64	8, 0
	mvc	8(8,%r9), 0(%r9)
	lg	%r6, 8(%r9)
	CASE_END "mvc", 0x0102030405060708, 3
	CASE_BEGIN
	MEM64	0, 0xab00000000000000
	mvc	1(7,%r9), 0(%r9)                        /* overlap: byte-by-byte propagation */
	lg	%r6, 0(%r9)
	CASE_END "mvc", 0xabababababababab, 3
	CASE_BEGIN
	larl	%r1, pattern
	mvc	0(256,%r9), 0(%r1)                      /* maximum length */
	lg	%r6, 248(%r9)
	CASE_END "mvc", 0xf8f9fafbfcfdfeff, 3

/* ---- SI / SIY ---- */
	CASE_BEGIN
	MEM64	0, 0x8000000000000000
	cli	0(%r9), 0x7f
	CASE_END "cli", 0, 2                            /* unsigned 0x80 > 0x7f */
	CASE_BEGIN
	MEM64	0, 0
	mvi	3(%r9), 0xee
	lg	%r6, 0(%r9)
	CASE_END "mvi", 0x000000ee00000000, 3
	CASE_BEGIN
	MEM64	0, 0xf000000000000000
	tm	0(%r9), 0x3c
	CASE_END "tm", 0, 1                             /* mixed: TM has no cc 2 */
	CASE_BEGIN
	MEM64	0, 0xf000000000000000
	tm	0(%r9), 0xf0
	CASE_END "tm", 0, 3
	CASE_BEGIN
	MEM64	0, 0xf000000000000000
	tm	0(%r9), 0x0f
	CASE_END "tm", 0, 0
	CASE_BEGIN
	MEM64	0, 0
	la	%r8, 8(%r9)
	mviy	-1(%r8), 0x77
	lg	%r6, 0(%r9)
	CASE_END "mviy", 0x77, 3

/* ---- SIL ---- */
	CASE_BEGIN
	MEM64	0, 0x8000000000000000
	chhsi	0(%r9), -1
	CASE_END "chhsi", 0, 1
	CASE_BEGIN
	MEM64	0, 0x8000000000000000
	clhhsi	0(%r9), 0xffff
	CASE_END "clhhsi", 0, 1
	CASE_BEGIN
	MEM64	0, 0x8000000000000000
	clhhsi	0(%r9), 0x7fff
	CASE_END "clhhsi", 0, 2
	CASE_BEGIN
	mvghi	0(%r9), -2
	lg	%r6, 0(%r9)
	CASE_END "mvghi", 0xfffffffffffffffe, 3
	CASE_BEGIN
	MEM64	0, 0
	mvhhi	2(%r9), -1
	lg	%r6, 0(%r9)
	CASE_END "mvhhi", 0x0000ffff00000000, 3
	CASE_BEGIN
	MEM64	0, 0
	mvhi	4(%r9), -16
	lg	%r6, 0(%r9)
	CASE_END "mvhi", 0x00000000fffffff0, 3

/* ---- E ---- */
	CASE_BEGIN 0x1234
	sam64
	CASE_END "sam64", 0x1234, 3

/* ---- RS: MVCLE (interruptible: repeat while cc 3), SIGP ---- */
	CASE_BEGIN
	lgr	%r2, %r9
	lghi	%r3, 40
	larl	%r4, pattern
	lghi	%r5, 20
1:	mvcle	%r2, %r4, 0x5c                          /* pad byte 0x5c */
	jo	1b
	lg	%r6, 16(%r9)
	CASE_END "mvcle", 0x101112135c5c5c5c, 2         /* first operand longer */
	CASE_BEGIN
	lgr	%r2, %r9
	lghi	%r3, 40
	larl	%r4, pattern
	lghi	%r5, 20
1:	mvcle	%r2, %r4, 0x5c
	jo	1b
	sgr	%r2, %r9
	sllg	%r6, %r2, 16
	agr	%r6, %r3
	sllg	%r6, %r6, 16
	agr	%r6, %r5
	CASE_END "mvcle", 0x0000002800000000, 2         /* (40 << 32) | (r3 << 16) | r5: r2 advanced by 40, r3 = r5 = 0 */
	CASE_BEGIN 0, 1, 0
	sigp	%r6, %r8, 18                            /* set architecture: z/Arch only (CZAM) */
	CASE_END "sigp", 0x100, 1                       /* status stored: invalid parameter */

/* ---- control registers ---- */
	CASE_BEGIN
	stctg	%c14, %c14, 0(%r9)
	lg	%r6, 0(%r9)
	CASE_END "stctg/c14", 0xc2000000, 3
	CASE_BEGIN
	stctg	%c0, %c0, 0(%r9)
	lg	%r6, 0(%r9)
	CASE_END "stctg/c0", 0x2e0, 3
	CASE_BEGIN
	MEM64	0, 0x0000000001234000
	lctlg	%c13, %c13, 0(%r9)
	MEM64	0, 0
	stctg	%c13, %c13, 0(%r9)
	lg	%r6, 0(%r9)
	CASE_END "lctlg/c13", 0x0000000001234000, 3

/* ---- S ---- */
	/* The clock value itself differs between runs: it stays in memory, never in a register. */
	CASE_BEGIN
	stck	0(%r9)
	CASE_END "stck", 0, 0                           /* clock in the set state: cc 0 */
	CASE_BEGIN
	stck	0(%r9)
	cli	0(%r9), 0
	je	1f
	lghi	%r6, 1
1:
	CASE_END "stck", 1, 2                           /* leftmost byte non-zero (any date after 1900) */
	/* Facility list and CPU id are model-dependent: only the bits every model here agrees on. */
	CASE_BEGIN
	stfl	0                                       /* stores 4 bytes at lowcore 0xc8 */
	tm	0xc8(%r0), 0x01
	CASE_END "stfl", 0, 3                           /* facility 7 (STFLE) installed */
	CASE_BEGIN
	stidp	0(%r9)
	cli	0(%r9), 0xff
	CASE_END "stidp", 0, 1                          /* version code below 0xff: not z/VM (§4.5) */
	CASE_BEGIN 5
	MEM64	0, 0xffffffffffffffff
	sckc	0(%r9)
	CASE_END "sckc", 5, 3
	CASE_BEGIN 1
	larl	%r1, psw_cc1
	lpswe	0(%r1)
	lghi	%r6, 0                                  /* not reached */
	.globl	lpswe_target
lpswe_target:
	CASE_END "lpswe", 1, 1                          /* cc from the loaded PSW */

	brasl	%r14, summary
	lmg	%r6, %r15, 48 + 160(%r15)
	br	%r14

	.section .rodata
	.balign	8
psw_cc1:
	.quad	0x0000100180000000, lpswe_target
pattern:
	.irp	i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	.byte	\i*16+0, \i*16+1, \i*16+2, \i*16+3, \i*16+4, \i*16+5, \i*16+6, \i*16+7
	.byte	\i*16+8, \i*16+9, \i*16+10, \i*16+11, \i*16+12, \i*16+13, \i*16+14, \i*16+15
	.endr

	.section .bss
	.balign	256
	.globl	case_mem
case_mem:
	.space	512
