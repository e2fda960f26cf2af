/*
 * pvkit loaders: CPU control in assembly (position independent, used by every loader).
 *
 * - cpu_wait_service_signal: enabled wait for the SCLP service-signal external interruption, the
 *   completion signal of SERVC (UV-SIE-NOTES §5.1 "Guest wait loop").
 * - cpu_stop: disabled wait; the address field of the wait PSW carries the stop code
 *   (UV-SIE-NOTES §5.2 "PSWs that actually occur").
 * - cpu_setup_program_new_psw / pgm_check_entry: program interruptions end in program_check().
 *
 * Only addresses computed with LARL are stored, so the code runs at any address (stage3b is -fPIE).
 */
#include "layout.h"

	.text

/* void cpu_wait_service_signal(void) -- uses the caller's register save area 16..47(%r15). */
	.globl	cpu_wait_service_signal
	.type	cpu_wait_service_signal,@function
cpu_wait_service_signal:
	stctg	%c0,%c0,32(%r15)		/* keep CR0 to restore it */
	lg	%r1,32(%r15)
	oill	%r1,CR0_SERVICE_SIGNAL_SUBMASK	/* service-signal subclass on */
	stg	%r1,40(%r15)
	lctlg	%c0,%c0,40(%r15)
	llihf	%r3,0x00000001			/* r3 = PSW_MASK_64 */
	oilf	%r3,0x80000000
	larl	%r2,.Lwoken
	stg	%r3,LC_EXT_NEW_PSW		/* external-new PSW: disabled, continue at .Lwoken */
	stg	%r2,LC_EXT_NEW_PSW+8
	llihf	%r3,0x01020001			/* enabled wait: external + wait bits + EA ... */
	oilf	%r3,0x80000000			/* ... + BA */
	stg	%r3,16(%r15)
	stg	%r2,24(%r15)
.Lwait:
	lpswe	16(%r15)
.Lwoken:
	/* Another external interruption (none is enabled, but be safe): wait again. */
	llgh	%r1,LC_EXT_INT_CODE
	chi	%r1,EXT_CODE_SERVICE_SIGNAL
	jne	.Lwait
	lctlg	%c0,%c0,32(%r15)
	br	%r14
	.size	cpu_wait_service_signal,.-cpu_wait_service_signal

/* void cpu_stop(u64 code) -- never returns. */
	.globl	cpu_stop
	.type	cpu_stop,@function
cpu_stop:
	llihf	%r3,0x00020001			/* wait + EA ... */
	oilf	%r3,0x80000000			/* ... + BA = 0x0002000180000000 */
	stg	%r3,16(%r15)
	stg	%r2,24(%r15)
	lpswe	16(%r15)
	j	cpu_stop
	.size	cpu_stop,.-cpu_stop

/* void cpu_setup_program_new_psw(void) */
	.globl	cpu_setup_program_new_psw
	.type	cpu_setup_program_new_psw,@function
cpu_setup_program_new_psw:
	llihf	%r3,0x00000001
	oilf	%r3,0x80000000
	larl	%r2,pgm_check_entry
	stg	%r3,LC_PGM_NEW_PSW
	stg	%r2,LC_PGM_NEW_PSW+8
	br	%r14
	.size	cpu_setup_program_new_psw,.-cpu_setup_program_new_psw

/* Program-new PSW target: fresh stack, then C. */
	.type	pgm_check_entry,@function
pgm_check_entry:
	llill	%r15,STACK_ADDRESS+STACK_SIZE-STACK_FRAME_OVERHEAD
	brasl	%r14,program_check
	.size	pgm_check_entry,.-pgm_check_entry

	.section .note.GNU-stack,"",@progbits
