/*
 * Guest "insn-gpr": self-checking cases for the general-register instruction families of
 * UV-SIE-NOTES §4.7 (RR, RRE, RRF, RX, RXY, RI, RIE, RIL, RSY, RS, RSI), with condition-code edge
 * cases (signed overflow, logical carry/borrow, signed/unsigned compares, test under mask, shifts,
 * rotate-then-*-selected-bits). Expected values: z/Architecture Principles of Operation.
 * Written for pvkit. Exit code = number of failed cases.
 */
#include "cases.h"

	.machine "z15"
	.text
	.globl	main
main:
	stmg	%r6, %r15, 48(%r15)
	aghi	%r15, -160

/* ---- RR ---- */
	CASE_BEGIN 0x000000007fffffff, 1
	ar	%r6, %r7
	CASE_END "ar", 0x0000000080000000, 3            /* overflow; high word untouched */
	CASE_BEGIN 0xfffffffffffffffe, 1
	ar	%r6, %r7
	CASE_END "ar", 0xffffffffffffffff, 1
	CASE_BEGIN 0x1234567800000005, 0xfffffffb
	ar	%r6, %r7
	CASE_END "ar", 0x1234567800000000, 0
	CASE_BEGIN 0x0000000080000000, 1
	sr	%r6, %r7
	CASE_END "sr", 0x000000007fffffff, 3
	CASE_BEGIN 10, 3
	sr	%r6, %r7
	CASE_END "sr", 7, 2
	CASE_BEGIN 0xaaaaaaaabbbbbbbb, 0x1111111122222222
	lr	%r6, %r7
	CASE_END "lr", 0xaaaaaaaa22222222, 3
	CASE_BEGIN 0xfffffffff0f0f0f0, 0x0f0f0f0f
	nr	%r6, %r7
	CASE_END "nr", 0xffffffff00000000, 0
	CASE_BEGIN 0xf0000000, 0x0000000f
	or	%r6, %r7
	CASE_END "or", 0xf000000f, 1
	CASE_BEGIN 0x1234567812345678, 0x12345678
	xr	%r6, %r7
	CASE_END "xr", 0x1234567800000000, 0
	CASE_BEGIN 0xffffffff, 1
	cr	%r6, %r7
	CASE_END "cr", 0xffffffff, 1                    /* -1 < 1 signed */
	CASE_BEGIN 0xffffffff00000000, 0x80000000
	ltr	%r6, %r7
	CASE_END "ltr", 0xffffffff80000000, 1
	CASE_BEGIN 0, 5
	lnr	%r6, %r7
	CASE_END "lnr", 0x00000000fffffffb, 1
	CASE_BEGIN 0x1111111100000000, 0
	lnr	%r6, %r7
	CASE_END "lnr", 0x1111111100000000, 0
	CASE_BEGIN
	larl	%r8, 1f
	basr	%r6, %r8
	.short	0x0000                                  /* skipped */
1:	larl	%r1, 1b - 2
	sgr	%r6, %r1
	CASE_END "basr", 0, 0                           /* link = next instruction */
	CASE_BEGIN 7
	larl	%r8, 1f
	bcr	15, %r8
	lghi	%r6, 0
1:
	CASE_END "bcr", 7, 3

/* ---- RRE ---- */
	CASE_BEGIN 0x7fffffffffffffff, 1
	agr	%r6, %r7
	CASE_END "agr", 0x8000000000000000, 3
	CASE_BEGIN 0xffffffffffffffff, 1
	agr	%r6, %r7
	CASE_END "agr", 0, 0
	CASE_BEGIN 0x10, 0xfffffff0
	agfr	%r6, %r7
	CASE_END "agfr", 0, 0
	CASE_BEGIN 0xffffffffffffffff, 1
	algr	%r6, %r7
	CASE_END "algr", 0, 2                           /* zero, carry */
	CASE_BEGIN 0xffffffffffffffff, 2
	algr	%r6, %r7
	CASE_END "algr", 1, 3                           /* not zero, carry */
	CASE_BEGIN 1, 2
	algr	%r6, %r7
	CASE_END "algr", 3, 1
	CASE_BEGIN 0x0000000100000000, 0xffffffff
	algfr	%r6, %r7
	CASE_END "algfr", 0x00000001ffffffff, 1
	CASE_BEGIN 0xffffffffffffffff, 0x00000000ffffffff
	cgfr	%r6, %r7
	CASE_END "cgfr", 0xffffffffffffffff, 0
	CASE_BEGIN 1, 0x8000000000000000
	cgr	%r6, %r7
	CASE_END "cgr", 1, 2
	CASE_BEGIN 1, 0x8000000000000000
	clgr	%r6, %r7
	CASE_END "clgr", 1, 1
	CASE_BEGIN 0, 100, 7
	dlgr	%r6, %r8
	sllg	%r6, %r6, 32
	agr	%r6, %r7
	CASE_END "dlgr", 0x000000020000000e, 2          /* rem 2, quot 14 */
	CASE_BEGIN 1, 0, 3
	dlgr	%r6, %r8
	lgr	%r6, %r7
	CASE_END "dlgr", 0x5555555555555555, 3          /* 2^64 / 3 */
	CASE_BEGIN 0, 5
	lcgr	%r6, %r7
	CASE_END "lcgr", 0xfffffffffffffffb, 1
	CASE_BEGIN 0, 0x8000000000000000
	lcgr	%r6, %r7
	CASE_END "lcgr", 0x8000000000000000, 3
	CASE_BEGIN 0, 0x1234567887654321
	lgfr	%r6, %r7
	CASE_END "lgfr", 0xffffffff87654321, 3
	CASE_BEGIN 0x1111111122222222, 0x00008001
	lhr	%r6, %r7
	CASE_END "lhr", 0x11111111ffff8001, 3
	CASE_BEGIN 0xaaaaaaaabbbbbbbb, 0x1ff
	llcr	%r6, %r7
	CASE_END "llcr", 0xaaaaaaaa000000ff, 3
	CASE_BEGIN 0xaaaaaaaabbbbbbbb, 0x12345681
	llgcr	%r6, %r7
	CASE_END "llgcr", 0x81, 3
	CASE_BEGIN 0, 0xffffffff87654321
	llgfr	%r6, %r7
	CASE_END "llgfr", 0x87654321, 3
	CASE_BEGIN 0, 0x123456789abcdef0
	llghr	%r6, %r7
	CASE_END "llghr", 0xdef0, 3
	CASE_BEGIN 0xaaaaaaaabbbbbbbb, 0xfffff
	llhr	%r6, %r7
	CASE_END "llhr", 0xaaaaaaaa0000ffff, 3
	CASE_BEGIN 5, 0
	ltgr	%r6, %r7
	CASE_END "ltgr", 0, 0
	CASE_BEGIN 5, 0x8000000000000000
	ltgr	%r6, %r7
	CASE_END "ltgr", 0x8000000000000000, 1
	CASE_BEGIN 0, 0xffffffffffffffff, 0xffffffffffffffff
	mlgr	%r6, %r8
	CASE_END "mlgr", 0xfffffffffffffffe, 3          /* high half */
	CASE_BEGIN 0, 0xffffffffffffffff, 0xffffffffffffffff
	mlgr	%r6, %r8
	lgr	%r6, %r7
	CASE_END "mlgr", 1, 3                           /* low half */
	CASE_BEGIN 0x100000001, 0x100000001
	msgr	%r6, %r7
	CASE_END "msgr", 0x0000000200000001, 3
	CASE_BEGIN 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
	ngr	%r6, %r7
	CASE_END "ngr", 0x0f000f000f000f00, 1
	CASE_BEGIN 0x8000000000000000, 1
	sgr	%r6, %r7
	CASE_END "sgr", 0x7fffffffffffffff, 3
	CASE_BEGIN 3, 5
	sgr	%r6, %r7
	CASE_END "sgr", 0xfffffffffffffffe, 1
	CASE_BEGIN 0x5a5a5a5a5a5a5a5a, 0x5a5a5a5a5a5a5a5a
	xgr	%r6, %r7
	CASE_END "xgr", 0, 0

/* ---- RRF ---- */
	CASE_BEGIN 0, 5, 0xfffffffffffffff9
	agrk	%r6, %r7, %r8
	CASE_END "agrk", 0xfffffffffffffffe, 1
	CASE_BEGIN 0xaaaaaaaa00000000, 0x7fffffff, 0x7fffffff
	ark	%r6, %r7, %r8
	CASE_END "ark", 0xaaaaaaaafffffffe, 3
	CASE_BEGIN 0, 0, 0x8000000000000000
	sgrk	%r6, %r7, %r8
	CASE_END "sgrk", 0x8000000000000000, 3
	CASE_BEGIN 0x11111111ffffffff, 3, 3
	srk	%r6, %r7, %r8
	CASE_END "srk", 0x1111111100000000, 0
	CASE_BEGIN 1, 2
	locgr	%r6, %r7, 8                             /* cc 3: mask 8 (cc 0) no */
	CASE_END "locgr", 1, 3
	CASE_BEGIN 1, 2
	locgr	%r6, %r7, 1                             /* cc 3: mask 1 yes */
	CASE_END "locgr", 2, 3
	CASE_BEGIN 0x4444444411111111, 0x5555555522222222
	locr	%r6, %r7, 1
	CASE_END "locr", 0x4444444422222222, 3
	CASE_BEGIN 0, 0xfffffffffffffffd, 5
	mgrk	%r6, %r7, %r8
	CASE_END "mgrk", 0xffffffffffffffff, 3          /* -15, high half */
	CASE_BEGIN 0, 0xfffffffffffffffd, 5
	mgrk	%r6, %r7, %r8
	lgr	%r6, %r7
	CASE_END "mgrk", 0xfffffffffffffff1, 3          /* low half */
	CASE_BEGIN 0, 0x4000000000000000, 2
	msgrkc	%r6, %r7, %r8
	CASE_END "msgrkc", 0x8000000000000000, 3        /* overflow */
	CASE_BEGIN 0, 0xfffffffffffffffd, 5
	msgrkc	%r6, %r7, %r8
	CASE_END "msgrkc", 0xfffffffffffffff1, 1
	CASE_BEGIN 0x22222222ffffffff, 0xff00ff00, 0x0f0f0f0f
	ncrk	%r6, %r7, %r8
	CASE_END "ncrk", 0x22222222f000f000, 1
	CASE_BEGIN 0, 0xf0, 0x3c
	ngrk	%r6, %r7, %r8
	CASE_END "ngrk", 0x30, 1
	CASE_BEGIN 0x3333333333333333, 0x0f, 0xf0
	nrk	%r6, %r7, %r8
	CASE_END "nrk", 0x3333333300000000, 0
	CASE_BEGIN 0, 0xffffffff, 0x0f0f0f0f
	xrk	%r6, %r7, %r8
	CASE_END "xrk", 0xf0f0f0f0, 1

/* ---- RX (r9 = case memory) ---- */
	CASE_BEGIN 0x7ffffffe, 0, 4
	MEM64	8, 0x0000000100000000
	a	%r6, 4(%r8,%r9)                         /* base + index + displacement */
	CASE_END "a", 0x7fffffff, 2
	CASE_BEGIN 0xffffffffffffffff
	MEM64	0, 0x5a00000000000000
	ic	%r6, 0(%r9)
	CASE_END "ic", 0xffffffffffffff5a, 3
	CASE_BEGIN 0x1111111122222222
	MEM64	0, 0x8000000100000000
	l	%r6, 0(%r9)
	CASE_END "l", 0x1111111180000001, 3
	CASE_BEGIN 0, 0x100, 0x23
	la	%r6, 12(%r7,%r8)
	CASE_END "la", 0x12f, 3
	CASE_BEGIN 0, 0xffffffffffffff00, 0x200
	la	%r6, 12(%r7,%r8)
	CASE_END "la", 0x10c, 3                         /* 64-bit wrap */
	CASE_BEGIN 0x4444444444444444
	MEM64	0, 0x8001000000000000
	lh	%r6, 0(%r9)
	CASE_END "lh", 0x44444444ffff8001, 3
	CASE_BEGIN 0x12345678
	MEM64	0, 0x0000ffff00000000
	n	%r6, 0(%r9)
	CASE_END "n", 0x5678, 1
	CASE_BEGIN 0, 0x11223344
	MEM64	0, 0xaaaaaaaaaaaaaaaa
	st	%r7, 0(%r9)
	lg	%r6, 0(%r9)
	CASE_END "st", 0x11223344aaaaaaaa, 3
	CASE_BEGIN 0, 0x11223344
	MEM64	0, 0xaaaaaaaaaaaaaaaa
	stc	%r7, 3(%r9)
	lg	%r6, 0(%r9)
	CASE_END "stc", 0xaaaaaa44aaaaaaaa, 3
	CASE_BEGIN 0, 0x11223344
	MEM64	0, 0xaaaaaaaaaaaaaaaa
	sth	%r7, 1(%r9)                             /* unaligned */
	lg	%r6, 0(%r9)
	CASE_END "sth", 0xaa3344aaaaaaaaaa, 3
	CASE_BEGIN 0xff
	MEM64	0, 0x0000000f00000000
	x	%r6, 0(%r9)
	CASE_END "x", 0xf0, 1

/* ---- RXY ---- */
	CASE_BEGIN 1
	MEM64	0, 0xffffffffffffffff
	la	%r8, 8(%r9)
	ag	%r6, -8(%r8)                            /* negative 20-bit displacement */
	CASE_END "ag", 0, 0
	CASE_BEGIN 0x100000000
	MEM64	0, 0xffffffff00000000
	clgf	%r6, 0(%r9)
	CASE_END "clgf", 0x100000000, 2
	CASE_BEGIN 0, 0x10
	MEM64	0, 3
	dlg	%r6, 0(%r9)
	sllg	%r6, %r6, 32
	agr	%r6, %r7
	CASE_END "dlg", 0x0000000100000005, 2
	CASE_BEGIN 0, 0x1000
	lay	%r6, -1(%r7)
	CASE_END "lay", 0xfff, 3
	CASE_BEGIN 0, 0, 0x40000
	MEM64	0, 0x0123456789abcdef
	lay	%r9, -0x40000(%r9)
	lg	%r6, 0x40000(%r9)                       /* displacement beyond 12 bits */
	CASE_END "lg", 0x0123456789abcdef, 3
	CASE_BEGIN 0x5555555555555555
	MEM64	0, 0x8100000000000000
	llc	%r6, 0(%r9)
	CASE_END "llc", 0x5555555500000081, 3
	CASE_BEGIN 0x5555555555555555
	MEM64	0, 0x8100000000000000
	llgc	%r6, 0(%r9)
	CASE_END "llgc", 0x81, 3
	CASE_BEGIN 0x5555555555555555
	MEM64	0, 0x8765432100000000
	llgf	%r6, 0(%r9)
	CASE_END "llgf", 0x87654321, 3
	CASE_BEGIN 0x5555555555555555
	MEM64	0, 0x00000000fedc0000
	llgh	%r6, 4(%r9)
	CASE_END "llgh", 0xfedc, 3
	CASE_BEGIN 0x5555555555555555
	MEM64	0, 0xfedc000000000000
	llh	%r6, 0(%r9)
	CASE_END "llh", 0x555555550000fedc, 3
	CASE_BEGIN 5
	MEM64	0, 0
	ltg	%r6, 0(%r9)
	CASE_END "ltg", 0, 0
	CASE_BEGIN 5
	MEM64	0, 0x7000000000000000
	ltg	%r6, 0(%r9)
	CASE_END "ltg", 0x7000000000000000, 2
	CASE_BEGIN 0, 0x8000000000000000
	MEM64	0, 4
	mlg	%r6, 0(%r9)
	CASE_END "mlg", 2, 3                            /* 2^63 * 4 = 2^65: high half 2 */
	CASE_BEGIN 0xfffffffffffffffe
	MEM64	0, 0x7fffffffffffffff
	msg	%r6, 0(%r9)
	CASE_END "msg", 2, 3                            /* -2 * (2^63-1) mod 2^64 */
	CASE_BEGIN 0
	MEM64	0, 1
	sg	%r6, 0(%r9)
	CASE_END "sg", 0xffffffffffffffff, 1
	CASE_BEGIN 0, 0x1234
	MEM64	0, 0
	stcy	%r7, 7(%r9)
	lg	%r6, 0(%r9)
	CASE_END "stcy", 0x34, 3
	CASE_BEGIN 0, 0x0123456789abcdef
	stg	%r7, 0(%r9)
	lg	%r6, 0(%r9)
	CASE_END "stg", 0x0123456789abcdef, 3
	CASE_BEGIN 0, 0x1234
	MEM64	0, 0
	sthy	%r7, 6(%r9)
	lg	%r6, 0(%r9)
	CASE_END "sthy", 0x1234, 3
	CASE_BEGIN 0, 0x89abcdef
	MEM64	0, 0
	sty	%r7, 2(%r9)
	lg	%r6, 0(%r9)
	CASE_END "sty", 0x000089abcdef0000, 3

/* ---- RI ---- */
	CASE_BEGIN 0x7fffffffffffffff
	aghi	%r6, 1
	CASE_END "aghi", 0x8000000000000000, 3
	CASE_BEGIN 5
	aghi	%r6, -5
	CASE_END "aghi", 0, 0
	CASE_BEGIN 0x555555557fffffff
	ahi	%r6, 1
	CASE_END "ahi", 0x5555555580000000, 3
	CASE_BEGIN 0x00000001ffffffff
	ahi	%r6, 1
	CASE_END "ahi", 0x0000000100000000, 0           /* 32-bit carry does not reach the high word */
	CASE_BEGIN 0xffffffffffffffff
	cghi	%r6, -1
	CASE_END "cghi", 0xffffffffffffffff, 0
	CASE_BEGIN 0x80000000
	chi	%r6, 0x7fff
	CASE_END "chi", 0x80000000, 1
	CASE_BEGIN 0x0000000100000000
	chi	%r6, 0
	CASE_END "chi", 0x0000000100000000, 0           /* only the low word compares */
	CASE_BEGIN 0
	lghi	%r6, -1
	CASE_END "lghi", 0xffffffffffffffff, 3
	CASE_BEGIN 0x1111111111111111
	lhi	%r6, -2
	CASE_END "lhi", 0x11111111fffffffe, 3
	CASE_BEGIN 0xffffffffffffffff
	llihh	%r6, 0x1234
	CASE_END "llihh", 0x1234000000000000, 3
	CASE_BEGIN 0xffffffffffffffff
	llihl	%r6, 0x1234
	CASE_END "llihl", 0x0000123400000000, 3
	CASE_BEGIN 0xffffffffffffffff
	llilh	%r6, 0x1234
	CASE_END "llilh", 0x0000000012340000, 3
	CASE_BEGIN 0xffffffffffffffff
	llill	%r6, 0x1234
	CASE_END "llill", 0x1234, 3
	CASE_BEGIN 0xffffffffffffffff
	nill	%r6, 0x00f0
	CASE_END "nill", 0xffffffffffff00f0, 1
	CASE_BEGIN 0xffffffffffff0f0f
	nill	%r6, 0xf0f0
	CASE_END "nill", 0xffffffffffff0000, 0
	CASE_BEGIN 0
	oilh	%r6, 0x8000
	CASE_END "oilh", 0x80000000, 1
	CASE_BEGIN 0xffff
	oill	%r6, 0
	CASE_END "oill", 0xffff, 1
	CASE_BEGIN 0xffff0000
	oill	%r6, 0
	CASE_END "oill", 0xffff0000, 0                  /* cc from bits 48-63 only */
	CASE_BEGIN 0x00f0
	tmll	%r6, 0x00ff
	CASE_END "tmll", 0xf0, 2                        /* mixed, leftmost selected bit one */
	CASE_BEGIN 0x000f
	tmll	%r6, 0x00ff
	CASE_END "tmll", 0x0f, 1                        /* mixed, leftmost selected bit zero */
	CASE_BEGIN 0x00ff
	tmll	%r6, 0x00ff
	CASE_END "tmll", 0xff, 3
	CASE_BEGIN 0xff00
	tmll	%r6, 0x00ff
	CASE_END "tmll", 0xff00, 0
	CASE_BEGIN 0xffff
	tmll	%r6, 0
	CASE_END "tmll", 0xffff, 0                      /* empty mask */
	CASE_BEGIN 0x0000000100000003
	lghi	%r7, 0
1:	aghi	%r7, 1
	brct	%r6, 1b
	agr	%r6, %r7
	CASE_END "brct", 0x0000000100000003, 2         /* 32-bit counter, high word untouched */
	CASE_BEGIN 4
	lghi	%r7, 0
1:	aghi	%r7, 1
	brctg	%r6, 1b
	lgr	%r6, %r7
	CASE_END "brctg", 4, 2

/* ---- RIE ---- */
	CASE_BEGIN 0, 0xffffffffffffffff
	aghik	%r6, %r7, 1
	CASE_END "aghik", 0, 0
	CASE_BEGIN 0x6666666666666666, 0x7fffffff
	ahik	%r6, %r7, 1
	CASE_END "ahik", 0x6666666680000000, 3
	CASE_BEGIN 1, 0xffffffff
	cij	%r7, -1, 8, 1f
	lghi	%r6, 0
1:
	CASE_END "cij", 1, 3                            /* low word -1 == -1: taken */
	CASE_BEGIN 1, 0xffffffff
	clij	%r7, 255, 2, 1f
	lghi	%r6, 0
1:
	CASE_END "clij", 1, 3                           /* 0xffffffff > 255 unsigned: taken */
	CASE_BEGIN 1, 0x8000000000000000
	cgij	%r7, 0, 4, 1f
	lghi	%r6, 0
1:
	CASE_END "cgij", 1, 3                           /* negative < 0: taken */
	CASE_BEGIN 1, 0x8000000000000000
	clgij	%r7, 0, 4, 1f
	lghi	%r6, 0
1:
	CASE_END "clgij", 0, 3                          /* unsigned high: not taken */
	CASE_BEGIN 1, 0x80000000, 0x7fffffff
	crj	%r7, %r8, 4, 1f
	lghi	%r6, 0
1:
	CASE_END "crj", 1, 3
	CASE_BEGIN 1, 5, 5
	cgrj	%r7, %r8, 6, 1f
	lghi	%r6, 0
1:
	CASE_END "cgrj", 0, 3                           /* equal: "not equal" mask not taken */
	CASE_BEGIN 1, 1, 0xffffffffffffffff
	clgrj	%r7, %r8, 4, 1f
	lghi	%r6, 0
1:
	CASE_END "clgrj", 1, 3
	CASE_BEGIN 7
	locghi	%r6, -2, 1
	CASE_END "locghi", 0xfffffffffffffffe, 3
	CASE_BEGIN 7
	lochi	%r6, -2, 8
	CASE_END "lochi", 7, 3
	CASE_BEGIN 0xaaaaaaaaaaaaaaaa, 0x0011223344556677
	risbg	%r6, %r7, 40, 63, 8
	CASE_END "risbg", 0xaaaaaaaaaa667700, 1
	CASE_BEGIN 0xaaaaaaaaaaaaaaaa, 0x0011223344556677
	risbg	%r6, %r7, 40, 128 + 63, 8
	CASE_END "risbgz", 0x0000000000667700, 2
	CASE_BEGIN 0xaaaaaaaaaaaaaaaa, 0x0011223344556677
	risbg	%r6, %r7, 60, 128 + 3, 0
	CASE_END "risbgz", 0x0000000000000007, 2       /* wrap-around range 60..3 */
	CASE_BEGIN 0xaaaaaaaaaaaaaaaa, 0x0011223344556677
	risbgn	%r6, %r7, 0, 128 + 7, 16
	CASE_END "risbgnz", 0x2200000000000000, 3      /* no cc */
	CASE_BEGIN 0xf0f0f0f0f0f0f0f0, 0x0f0f0f0f0f0f0f0f
	rosbg	%r6, %r7, 32, 63, 0
	CASE_END "rosbg", 0xf0f0f0f0ffffffff, 1
	CASE_BEGIN 0xf0f0f0f0f0f0f0f0, 0x123456789abcdef0
	rxsbg	%r6, %r7, 0, 31, 32
	CASE_END "rxsbg", 0x6a4c2e00f0f0f0f0, 1
	CASE_BEGIN 0xf0f0f0f0f0f0f0f0, 0xf0f0f0f000000000
	rxsbg	%r6, %r7, 0, 31, 0
	CASE_END "rxsbg", 0x00000000f0f0f0f0, 0         /* selected bits zero */
	/* No test-only (I3 bit 0) case: QEMU 7.2 TCG aborts on it ("tcg fatal error"), so it has no oracle. */

/* ---- RIL ---- */
	CASE_BEGIN
	brasl	%r6, 1f
	.short	0x0000
1:	larl	%r1, 1b - 2
	sgr	%r6, %r1
	CASE_END "brasl", 0, 0
	CASE_BEGIN 0x80000000
	cfi	%r6, 0x7fffffff
	CASE_END "cfi", 0x80000000, 1
	CASE_BEGIN 0x80000000
	clfi	%r6, 0x7fffffff
	CASE_END "clfi", 0x80000000, 2
	CASE_BEGIN 0x100000000
	clgfi	%r6, 0xffffffff
	CASE_END "clgfi", 0x100000000, 2
	CASE_BEGIN 0x8000000000000001
	clgrl	%r6, c_8000000000000001
	CASE_END "clgrl", 0x8000000000000001, 0
	CASE_BEGIN 0xaaaaaaaaaaaaaaaa
	iilf	%r6, 0x12345678
	CASE_END "iilf", 0xaaaaaaaa12345678, 3
	CASE_BEGIN
	larl	%r6, c_8000000000000001 + 2
	larl	%r1, c_8000000000000001
	sgr	%r6, %r1
	CASE_END "larl", 2, 2
	CASE_BEGIN
	lgfi	%r6, -2
	CASE_END "lgfi", 0xfffffffffffffffe, 3
	CASE_BEGIN
	lgrl	%r6, c_8000000000000001
	CASE_END "lgrl", 0x8000000000000001, 3
	CASE_BEGIN 0xffffffffffffffff
	llihf	%r6, 0x12345678
	CASE_END "llihf", 0x1234567800000000, 3
	CASE_BEGIN 0x100000000
	msgfi	%r6, -2
	CASE_END "msgfi", 0xfffffffe00000000, 3
	CASE_BEGIN 0x100000000
	oilf	%r6, 0
	CASE_END "oilf", 0x100000000, 0
	CASE_BEGIN 0, 0xabcd
	sthrl	%r7, d_halfwords + 2
	larl	%r1, d_halfwords
	lg	%r6, 0(%r1)
	CASE_END "sthrl", 0x0000abcd00000000, 3
	CASE_BEGIN 0xffffffffffffffff
	xilf	%r6, 0xffffffff
	CASE_END "xilf", 0xffffffff00000000, 0

/* ---- RSY / RS shifts, rotates, multiple ---- */
	CASE_BEGIN 0x7777777777777777, 0x80000001
	rll	%r6, %r7, 1
	CASE_END "rll", 0x7777777700000003, 3
	CASE_BEGIN 0, 0x8000000000000001
	rllg	%r6, %r7, 4
	CASE_END "rllg", 0x18, 3
	CASE_BEGIN 0, 0x8000000000000001
	sllg	%r6, %r7, 1
	CASE_END "sllg", 2, 3
	CASE_BEGIN 0, 0x8000000000000001, 63
	sllg	%r6, %r7, 1(%r8)                        /* amount = (63 + 1) & 63 = 0 */
	CASE_END "sllg", 0x8000000000000001, 3
	CASE_BEGIN 0x9999999999999999, 0xc0000000
	sllk	%r6, %r7, 1
	CASE_END "sllk", 0x9999999980000000, 3
	CASE_BEGIN 0, 0x8000000000000000
	srag	%r6, %r7, 63
	CASE_END "srag", 0xffffffffffffffff, 1
	CASE_BEGIN 0, 0x4000000000000000
	srag	%r6, %r7, 62
	CASE_END "srag", 1, 2
	CASE_BEGIN 0, 0x8000000000000000
	srlg	%r6, %r7, 63
	CASE_END "srlg", 1, 3
	CASE_BEGIN 0x9999999999999999, 0x80000000
	srlk	%r6, %r7, 31
	CASE_END "srlk", 0x9999999900000001, 3
	CASE_BEGIN 0x2222222280000001
	sll	%r6, 1
	CASE_END "sll", 0x2222222200000002, 3
	CASE_BEGIN 0x2222222280000000
	srl	%r6, 31
	CASE_END "srl", 0x2222222200000001, 3
	CASE_BEGIN 0x2222222280000000
	sra	%r6, 31
	CASE_END "sra", 0x22222222ffffffff, 1
	CASE_BEGIN 0x2222222200000001
	sra	%r6, 1
	CASE_END "sra", 0x2222222200000000, 0
	CASE_BEGIN 0, 0x1111111111111111, 0x2222222222222222
	stmg	%r7, %r8, 0(%r9)
	lmg	%r5, %r6, 0(%r9)
	CASE_END "stmg/lmg", 0x2222222222222222, 3
	CASE_BEGIN 0, 0xabcdef
	MEM64	0, 0
	stoc	%r7, 0(%r9), 1                          /* cc 3: stored */
	stoc	%r7, 4(%r9), 8                          /* cc 3: not stored */
	lg	%r6, 0(%r9)
	CASE_END "stoc", 0x00abcdef00000000, 3
	CASE_BEGIN 0
	MEM64	0, 0x807f000000000000
	icm	%r6, 0b1010, 0(%r9)
	CASE_END "icm", 0x80007f00, 1
	CASE_BEGIN 0x5555555555555555
	icm	%r6, 0, 0(%r9)
	CASE_END "icm", 0x5555555555555555, 0
	CASE_BEGIN 0x5555555555555555
	MEM64	0, 0x0000000000000000
	icm	%r6, 0b0011, 0(%r9)
	CASE_END "icm", 0x5555555555550000, 0
	CASE_BEGIN 0x5555555555555555
	MEM64	0, 0x1234000000000000
	icm	%r6, 0b0011, 0(%r9)
	CASE_END "icm", 0x5555555555551234, 2
	CASE_BEGIN 0, 1, 0
	lghi	%r7, 0
	lghi	%r8, 1                                  /* increment */
	lghi	%r9, 3                                  /* compare value (R3 + 1) */
1:	aghi	%r7, 1
	brxle	%r6, %r8, 1b
	sllg	%r6, %r6, 32
	agr	%r6, %r7
	CASE_END "brxle", 0x0000000400000004, 2

/* ---- branch on condition: every mask against every cc ---- */
	CASE_BEGIN
	cr	%r0, %r0                                /* cc 0 */
	BRC_ALL
	CASE_END "brc/cc0", 0xff00, 0
	CASE_BEGIN 0, 0xffffffffffffffff
	ltgr	%r7, %r7                                /* cc 1 */
	BRC_ALL
	CASE_END "brc/cc1", 0xf0f0, 1
	CASE_BEGIN 0, 1
	ltgr	%r7, %r7                                /* cc 2 */
	BRC_ALL
	CASE_END "brc/cc2", 0xcccc, 2
	CASE_BEGIN
	BRC_ALL                                         /* cc 3 from CASE_BEGIN */
	CASE_END "brc/cc3", 0xaaaa, 3

	brasl	%r14, summary
	lmg	%r6, %r15, 48 + 160(%r15)
	br	%r14

	.section .rodata
	.balign	8
c_8000000000000001:
	.quad	0x8000000000000001

	.section .data
	.balign	8
d_halfwords:
	.quad	0

	.section .bss
	.balign	256
	.globl	case_mem
case_mem:
	.space	256
