/*
 * pvkit test-guest runtime: SCLP console driver and console output (written for pvkit).
 *
 * Spec: UV-SIE-NOTES §5.1. SERVC (opcode B220, emitted with .insn because binutils has no mnemonic)
 * takes the command word in R1 and the SCCB address in R2; completion is the service-signal external
 * interruption (code 0x2401 at lowcore 0x86), waited for in an enabled-wait PSW with CR0 bit 0x200 on.
 * Output goes as ASCII (VT220, event type 0x1a) without a trailing NUL; print_lm sends one line as a
 * line-mode message (event type 2: MDB + GO + MTO, EBCDIC).
 *
 * Calling convention: s390x ELF ABI (args r2.., r6-r13 preserved, r14 return, r15 stack).
 * The runtime uses only instructions of the UV-SIE-NOTES §4.7 union (so "hello" runs on the
 * smallest interpreter that can boot the loaders).
 */
#include "rt.h"

#define OUTBUF_MAX   240        /* bytes buffered before a forced flush */
#define WED_DATA     14         /* SCCB header (8) + event buffer header (6) */

	.text

/* sclp_init(): CR0 service-signal subclass on, Write Event Mask (send: VT220 + message). */
	.globl	sclp_init
sclp_init:
	stmg	%r14, %r15, 112(%r15)
	aghi	%r15, -160
	larl	%r1, rt_cr0
	stctg	%c0, %c0, 0(%r1)
	lg	%r0, 0(%r1)
	oill	%r0, 0x200                      /* CR0 bit 54: service-signal subclass mask */
	stg	%r0, 0(%r1)
	lctlg	%c0, %c0, 0(%r1)
	lgfi	%r2, SCLP_CMD_WRITE_EVENT_MASK
	larl	%r3, rt_sccb_wem
	brasl	%r14, sclp_servc
	lmg	%r14, %r15, 112 + 160(%r15)
	br	%r14

/*
 * sclp_servc(command r2, sccb r3) -> r2 = response code (always 0x0020: anything else stops the
 * guest with exit(0x5c1b0000 | response), a non-zero SERVC cc with exit(0x5c1bcc00 | cc)).
 * Leaf: uses r0-r3 only.
 */
	.globl	sclp_servc
sclp_servc:
	larl	%r1, rt_ext_new_psw
	mvc	LC_EXT_NEW_PSW(16,%r0), 0(%r1)
	mvhhi	6(%r3), 0                       /* response code */
	mvhhi	LC_EXT_INT_CODE(%r0), 0
	.insn	rre, 0xb2200000, %r2, %r3       /* SERVC R1 = command, R2 = SCCB */
	jnz	.Lservc_cc
.Lservc_wait:
	larl	%r1, rt_enabled_wait_psw
	lpswe	0(%r1)
	.globl	rt_sclp_resume
rt_sclp_resume:                                 /* external-new PSW and wait PSW point here */
	clhhsi	LC_EXT_INT_CODE(%r0), EXT_CODE_SERVICE_SIGNAL
	jne	.Lservc_wait
	llgh	%r2, 6(%r3)
	cghi	%r2, SCLP_RC_NORMAL_COMPLETION
	jne	.Lservc_rc
	br	%r14
.Lservc_cc:
	ipm	%r2
	srlg	%r2, %r2, 28
	nill	%r2, 3
	oill	%r2, 0xcc00
	j	.Lservc_fail
.Lservc_rc:
.Lservc_fail:
	oilh	%r2, EXIT_SCLP_BASE >> 16
	j	rt_halt

/* print(buf r2, len r3): append to the VT220 buffer; flush at '\n' and when full. */
	.globl	print
print:
	stmg	%r10, %r15, 80(%r15)
	aghi	%r15, -160
	lgr	%r11, %r2
	lgr	%r12, %r3
	larl	%r13, rt_sccb_wed
	larl	%r10, rt_outpos
.Lprint_loop:
	ltgr	%r12, %r12
	jz	.Lprint_done
	lg	%r1, 0(%r10)
	llgc	%r0, 0(%r11)
	stc	%r0, WED_DATA(%r1,%r13)
	aghi	%r1, 1
	stg	%r1, 0(%r10)
	la	%r11, 1(%r11)
	aghi	%r12, -1
	cghi	%r0, 10
	je	.Lprint_flush
	cghi	%r1, OUTBUF_MAX
	jl	.Lprint_loop
.Lprint_flush:
	brasl	%r14, flush
	j	.Lprint_loop
.Lprint_done:
	lmg	%r10, %r15, 80 + 160(%r15)
	br	%r14

/* flush(): send the buffered bytes as one Write Event Data with one VT220 event buffer. */
	.globl	flush
flush:
	larl	%r1, rt_outpos
	lg	%r0, 0(%r1)
	ltgr	%r0, %r0
	ber	%r14
	stmg	%r14, %r15, 112(%r15)
	aghi	%r15, -160
	mvghi	0(%r1), 0
	larl	%r3, rt_sccb_wed
	lgr	%r1, %r0
	aghi	%r1, 6
	sth	%r1, 8(%r3)                     /* event buffer length */
	aghi	%r1, 8
	sth	%r1, 0(%r3)                     /* SCCB length */
	mvi	10(%r3), SCLP_EVTYP_VT220
	lgfi	%r2, SCLP_CMD_WRITE_EVENT_DATA
	brasl	%r14, sclp_servc
	lmg	%r14, %r15, 112 + 160(%r15)
	br	%r14

	.section .data.rt,"aw"
	.balign	16
rt_ext_new_psw:
	.quad	PSW_MASK_64, rt_sclp_resume
rt_enabled_wait_psw:
	.quad	PSW_MASK_ENWAIT, rt_sclp_resume
rt_cr0:
	.quad	0
	.balign	32                              /* 28 bytes: never crosses a page */
rt_sccb_wem:
	.short	28                              /* SCCB length */
	.byte	0, 0, 0, 0                      /* function code, control mask */
	.short	0                               /* response code */
	.short	0                               /* reserved */
	.short	4                               /* mask length */
	.long	0                               /* CP receive mask */
	.long	SCLP_MASK_VT220 | SCLP_MASK_MSG /* CP send mask */
	.long	0, 0                            /* SCLP receive/send masks (returned) */

	.section .bss.rt,"aw",@nobits
	.balign	8
rt_outpos:
	.space	8
	.balign	256                             /* 14 + 240 bytes: never crosses a page */
rt_sccb_wed:
	.space	WED_DATA + OUTBUF_MAX
