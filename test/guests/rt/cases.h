/*
 * Assembler macros for self-checking instruction cases (see rt/check.c); written for pvkit.
 *
 *	CASE_BEGIN v6, v7, v8     r6/r7/r8 = constants, r9 = &case_mem, condition code = 3
 *	  ...instructions under test (result in r6)...
 *	CASE_END "name", want, cc  IPM into r10, check(&record, r6, r10)
 *
 * Uses only LLIHF/IILF, LARL, LGHI, TMLL, IPM, LGR, BRASL outside the code under test.
 */
#include "rt.h"

	.macro	SET64 reg, val
	llihf	\reg, ((\val) >> 32) & 0xffffffff
	iilf	\reg, (\val) & 0xffffffff
	.endm

	/* cc := 3: TMLL with all selected bits one (r0 = -1). */
	.macro	CC3
	lghi	%r0, -1
	tmll	%r0, 0xffff
	.endm

	.macro	CASE_BEGIN v6=0, v7=0, v8=0
	SET64	%r6, \v6
	SET64	%r7, \v7
	SET64	%r8, \v8
	larl	%r9, case_mem
	CC3
	.endm

	.macro	CASE_END name, want, cc
	ipm	%r10
	larl	%r2, .Lcase_rec\@
	lgr	%r3, %r6
	lgr	%r4, %r10
	brasl	%r14, check
	.pushsection .rodata.cases, "a"
	.balign	8
.Lcase_rec\@:
	.quad	\want
	.byte	\cc
	.asciz	"\name"
	.popsection
	.endm

	/* Store a 64-bit constant at OFF(r9) (case memory), using r1. */
	.macro	MEM64 off, val
	SET64	%r1, \val
	stg	%r1, \off(%r9)
	.endm

	/*
	 * BRC_ALL: for every branch mask m = 0..15, r6 |= 1 << m if BRC m is taken with the current
	 * condition code (LAY: no cc change, so all 16 branches see the same cc).
	 */
	.macro	BRC_ALL
	lghi	%r6, 0
	brc	0, .Lbrc_t0_\@
	j	.Lbrc_n0_\@
.Lbrc_t0_\@:
	lay	%r6, 1(%r6)
.Lbrc_n0_\@:
	brc	1, .Lbrc_t1_\@
	j	.Lbrc_n1_\@
.Lbrc_t1_\@:
	lay	%r6, 2(%r6)
.Lbrc_n1_\@:
	brc	2, .Lbrc_t2_\@
	j	.Lbrc_n2_\@
.Lbrc_t2_\@:
	lay	%r6, 4(%r6)
.Lbrc_n2_\@:
	brc	3, .Lbrc_t3_\@
	j	.Lbrc_n3_\@
.Lbrc_t3_\@:
	lay	%r6, 8(%r6)
.Lbrc_n3_\@:
	brc	4, .Lbrc_t4_\@
	j	.Lbrc_n4_\@
.Lbrc_t4_\@:
	lay	%r6, 16(%r6)
.Lbrc_n4_\@:
	brc	5, .Lbrc_t5_\@
	j	.Lbrc_n5_\@
.Lbrc_t5_\@:
	lay	%r6, 32(%r6)
.Lbrc_n5_\@:
	brc	6, .Lbrc_t6_\@
	j	.Lbrc_n6_\@
.Lbrc_t6_\@:
	lay	%r6, 64(%r6)
.Lbrc_n6_\@:
	brc	7, .Lbrc_t7_\@
	j	.Lbrc_n7_\@
.Lbrc_t7_\@:
	lay	%r6, 128(%r6)
.Lbrc_n7_\@:
	brc	8, .Lbrc_t8_\@
	j	.Lbrc_n8_\@
.Lbrc_t8_\@:
	lay	%r6, 256(%r6)
.Lbrc_n8_\@:
	brc	9, .Lbrc_t9_\@
	j	.Lbrc_n9_\@
.Lbrc_t9_\@:
	lay	%r6, 512(%r6)
.Lbrc_n9_\@:
	brc	10, .Lbrc_t10_\@
	j	.Lbrc_n10_\@
.Lbrc_t10_\@:
	lay	%r6, 1024(%r6)
.Lbrc_n10_\@:
	brc	11, .Lbrc_t11_\@
	j	.Lbrc_n11_\@
.Lbrc_t11_\@:
	lay	%r6, 2048(%r6)
.Lbrc_n11_\@:
	brc	12, .Lbrc_t12_\@
	j	.Lbrc_n12_\@
.Lbrc_t12_\@:
	lay	%r6, 4096(%r6)
.Lbrc_n12_\@:
	brc	13, .Lbrc_t13_\@
	j	.Lbrc_n13_\@
.Lbrc_t13_\@:
	lay	%r6, 8192(%r6)
.Lbrc_n13_\@:
	brc	14, .Lbrc_t14_\@
	j	.Lbrc_n14_\@
.Lbrc_t14_\@:
	lay	%r6, 16384(%r6)
.Lbrc_n14_\@:
	brc	15, .Lbrc_t15_\@
	j	.Lbrc_n15_\@
.Lbrc_t15_\@:
	lay	%r6, 32768(%r6)
.Lbrc_n15_\@:
	.endm

	/*
	 * Expected program interruptions (UV-SIE-NOTES §4.5, §5.3): pgm_install() points the
	 * program-new PSW at pgm_handler, which records ILC/code/old PSW in pgm_seen and resumes at
	 * pgm_resume.
	 *	PGM_BEGIN id              resume point = PGM_END id; r6-r9 as CASE_BEGIN; cc 3
	 *	  ...setup...
	 *	PGM_FAULT                 r11 = address of the next (faulting) instruction
	 *	  <instruction>
	 *	PGM_END id, "name", code, ilen, old-PSW mask, old-PSW address - fault address
	 */
	.macro	PGM_BEGIN id, v6=0, v7=0, v8=0
	larl	%r1, pgm_seen
	mvghi	0(%r1), 0
	mvghi	8(%r1), 0
	mvghi	16(%r1), 0
	larl	%r1, .Lpgm_resume_\id
	larl	%r2, pgm_resume
	stg	%r1, 0(%r2)
	CASE_BEGIN \v6, \v7, \v8
	.endm

	.macro	PGM_FAULT
	larl	%r11, .Lpgm_fault\@
.Lpgm_fault\@:
	.endm

	.macro	PGM_END id, name, code, ilen, mask, off
.Lpgm_resume_\id:
	larl	%r2, .Lpgm_rec_\id
	lgr	%r3, %r11
	brasl	%r14, check_pgm
	.pushsection .rodata.cases, "a"
	.balign	8
.Lpgm_rec_\id:
	.short	\code, \ilen
	.long	\off
	.quad	\mask
	.asciz	"\name"
	.popsection
	.endm
