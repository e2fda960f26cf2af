/*
 * pvkit test-guest runtime: SCLP line-mode output (written for pvkit).
 *
 * Spec: UV-SIE-NOTES §5.1. print_lm(buf r2, len r3) sends one Write Event Data with one event
 * buffer of type 2 ("message"): a message data block (MDB header, tag "MDB " in EBCDIC), a general
 * object (GO, all zero) and one message text object (MTO, type 4, line-type flag "end text")
 * holding the text converted to EBCDIC (code page 037 for 0x20-0x7e, '?' otherwise). At most
 * LM_MAX bytes are sent. The VT220 buffer is flushed first so both consoles stay in program order.
 */
#include "rt.h"

#define LM_MAX    160
#define OFF_EBH   8
#define OFF_MDB   14
#define OFF_MTO   82
#define OFF_TEXT  92

	.text
	.globl	print_lm
print_lm:
	stmg	%r2, %r15, 16(%r15)
	aghi	%r15, -160
	brasl	%r14, flush
	lmg	%r2, %r3, 160 + 16(%r15)
	clgfi	%r3, LM_MAX
	jnh	1f
	lghi	%r3, LM_MAX
1:	larl	%r4, rt_sccb_lm
	larl	%r5, rt_ascii_to_ebcdic
	la	%r1, OFF_TEXT(%r4)
	lgr	%r12, %r3
	ltgr	%r12, %r12
	jz	.Llm_send
.Llm_conv:
	llgc	%r13, 0(%r2)
	aghi	%r13, -0x20
	clgfi	%r13, 0x7e - 0x20               /* below 0x20 wraps to a huge value */
	jh	.Llm_other
	llgc	%r13, 0(%r13,%r5)
	j	.Llm_store
.Llm_other:
	lghi	%r13, 0x6f                      /* EBCDIC '?' */
.Llm_store:
	stc	%r13, 0(%r1)
	la	%r1, 1(%r1)
	la	%r2, 1(%r2)
	brctg	%r12, .Llm_conv
.Llm_send:
	la	%r1, OFF_TEXT(%r3)
	sth	%r1, 0(%r4)                     /* SCCB length */
	la	%r1, OFF_TEXT - OFF_EBH(%r3)
	sth	%r1, OFF_EBH(%r4)               /* event buffer length */
	la	%r1, OFF_TEXT - OFF_MDB(%r3)
	sth	%r1, OFF_MDB(%r4)               /* MDB length */
	la	%r1, OFF_TEXT - OFF_MTO(%r3)
	sth	%r1, OFF_MTO(%r4)               /* MTO length */
	lgfi	%r2, SCLP_CMD_WRITE_EVENT_DATA
	lgr	%r3, %r4
	brasl	%r14, sclp_servc
	lmg	%r6, %r15, 160 + 48(%r15)
	br	%r14

	.section .rodata.rt,"a"
	.balign	2
rt_ascii_to_ebcdic:                             /* 0x20 .. 0x7e, code page 037 */
	.byte	0x40,0x5a,0x7f,0x7b,0x5b,0x6c,0x50,0x7d,0x4d,0x5d,0x5c,0x4e,0x6b,0x60,0x4b,0x61
	.byte	0xf0,0xf1,0xf2,0xf3,0xf4,0xf5,0xf6,0xf7,0xf8,0xf9,0x7a,0x5e,0x4c,0x7e,0x6e,0x6f
	.byte	0x7c,0xc1,0xc2,0xc3,0xc4,0xc5,0xc6,0xc7,0xc8,0xc9,0xd1,0xd2,0xd3,0xd4,0xd5,0xd6
	.byte	0xd7,0xd8,0xd9,0xe2,0xe3,0xe4,0xe5,0xe6,0xe7,0xe8,0xe9,0xba,0xe0,0xbb,0xb0,0x6d
	.byte	0x79,0x81,0x82,0x83,0x84,0x85,0x86,0x87,0x88,0x89,0x91,0x92,0x93,0x94,0x95,0x96
	.byte	0x97,0x98,0x99,0xa2,0xa3,0xa4,0xa5,0xa6,0xa7,0xa8,0xa9,0xc0,0x4f,0xd0,0xa1

	.section .data.rt,"aw"
	.balign	256                             /* OFF_TEXT + LM_MAX <= 256: never crosses a page */
rt_sccb_lm:
	.short	0                               /* SCCB length */
	.byte	0, 0, 0, 0                      /* function code, control mask */
	.short	0                               /* response code */
	.short	0                               /* event buffer: length */
	.byte	SCLP_EVTYP_MSG, 0               /* type 2, flags */
	.short	0
	.short	0, 1                            /* MDB header: length, type */
	.long	0xd4c4c240, 1                   /* tag "MDB " (EBCDIC), revision code */
	.short	56, 1                           /* GO: length, type */
	.space	52
	.short	0, 4, 0x1000                    /* MTO: length, type, line type flags: end text */
	.byte	0, 0, 0, 0                      /* alarm control, reserved */
	.space	LM_MAX
