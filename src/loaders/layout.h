/*
 * pvkit loaders: memory plan and architectural constants shared by stage3a, stage3b and the
 * loader test kernel.
 *
 * Values follow SE-FORMAT §4.6 (stage3a memory plan), §4.7 (stage3b), §4.8 (memory constants)
 * and UV-SIE-NOTES §5.2 (PSW masks) / §5.3 (lowcore offsets). Usable from C and from assembly.
 */
#ifndef PVKIT_LAYOUT_H
#define PVKIT_LAYOUT_H

/* SE-FORMAT §4.8: where zipl/QEMU put the image and where Linux expects its parameter area. */
#define IMAGE_ENTRY             0x10000
#define STAGE3A_INIT_ENTRY      IMAGE_ENTRY
#define STAGE3A_ENTRY           0x11000
#define STAGE3A_END_LIMIT       0x13000 /* the builder lays the IPIB/SE header out from here */
#define PARMAREA                0x10400 /* the init stub must end below this (zipl writes here) */
#define INITRD_START            0x10408
#define INITRD_SIZE             0x10410
#define MAX_COMMAND_LINE_SIZE   0x10430
#define COMMAND_LINE            0x10480
#define LEGACY_COMMAND_LINE_SIZE 896

/* Our own choices inside the range SE-FORMAT §4.6 leaves to the loaders. */
#define STACK_ADDRESS           0xF000
#define STACK_SIZE              0x1000
#define STACK_FRAME_OVERHEAD    160
#define STAGE3A_BSS_ADDRESS     0xC000 /* from the image metadata page (§4.5) up to the stack */
#define STAGE3B_RELOC_ADDRESS   0xA000 /* stage3b's preferred home when it must move (§4.7) */
#define STAGE3B_ALT_ADDRESS     0x2000 /* used when stage3b sits across 0xA000..0xF000 itself */
#define STAGE3B_MAX_SIZE        0x5000 /* 0xA000 + this = STACK_ADDRESS */
#define LOWCORE_END             0x2000

/* Lowcore (UV-SIE-NOTES §5.3). */
#define LC_EXT_INT_CODE         0x86
#define LC_PGM_ILC              0x8c
#define LC_PGM_CODE             0x8e
#define LC_STFL_FAC_LIST        0xc8
#define LC_PGM_OLD_PSW          0x150
#define LC_EXT_NEW_PSW          0x1b0
#define LC_PGM_NEW_PSW          0x1d0

/* PSW masks (UV-SIE-NOTES §5.2). */
#define PSW_MASK_64             0x0000000180000000 /* EA + BA */
#define PSW_MASK_WAIT           0x0002000000000000
#define PSW_MASK_EXT            0x0100000000000000

#define EXT_CODE_SERVICE_SIGNAL 0x2401
#define CR0_SERVICE_SIGNAL_SUBMASK 0x200

/* SIGP order 18 with parameter 1 = switch to z/Architecture (§4.6 step 1). */
#define SIGP_SET_ARCHITECTURE   18
#define SIGP_ARCH_ZARCH         1

#ifdef __ASSEMBLER__
/* Every loader entry: switch to z/Architecture (SIGP set-architecture on ourselves; on CZAM
 * machines it answers cc 1, ignored) and to 64-bit addressing (SE-FORMAT §4.6, §4.7). Uses r1. */
	.macro	enter_zarch64
	lhi	%r1,SIGP_ARCH_ZARCH
	sigp	%r1,%r0,SIGP_SET_ARCHITECTURE
	sam64
	.endm
#endif

/* Disabled-wait codes in the PSW address (SE-FORMAT §4.6/§8.4; same values as IBM's loaders). */
#define STOP_OK                 0x0000
#define STOP_ENOPV              0x4607 /* no unpack facility */
#define STOP_EPV                0x4608 /* DIAG 308 failed, or bad stage3a parameters */
#define STOP_EINTERNAL          0x4511 /* stage3b: bad parameter block */
#define STOP_PGM_BASE           0xdead0000 /* + program-interruption code */

#endif
