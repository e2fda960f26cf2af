/**
 * Hand-written bare-metal guests (GNU as source) for the machine tests: each starts from the
 * short PSW at 0 (entry 0x2000), talks to the SCLP like zipl/Linux early printk do
 * (UV-SIE-NOTES §5.1), and ends in a disabled wait whose address is the result.
 */

/** Common runtime: SCLP write helpers, enabled-wait loop, program-check handler → wait 0xdead<code>. */
export const GUEST_RUNTIME = String.raw`
        .text
        .org 0
        .long 0x00080000, 0x80002000        # short IPL PSW → 0x2000
        .org 0x2000
_start:
        larl    %r15, stack_top
        larl    %r1, ext_new
        mvc     0x1b0(16,%r0), 0(%r1)
        larl    %r1, pgm_new
        mvc     0x1d0(16,%r0), 0(%r1)
        stctg   %c0, %c0, 0x300(%r0)
        oi      0x306(%r0), 0x02            # CR0 bit 54: service-signal subclass
        lctlg   %c0, %c0, 0x300(%r0)
        larl    %r2, sccb_mask
        iilf    %r1, 0x00780005
        bras    %r14, sclp_call
        brasl   %r14, main
        # main returns its result in r2: disabled wait with that address
        larl    %r1, done_psw
        stg     %r2, 8(%r1)
        lpswe   0(%r1)

# r1 = command, r2 = SCCB; issue SERVC and wait for the service signal
sclp_call:
        .insn   rre, 0xb2200000, %r1, %r2
        larl    %r3, wait_psw
        lpswe   0(%r3)
ext_handler:
        br      %r14

# print: r2 = address of NUL-terminated string (≤ 200 bytes); clobbers r0-r5
print:
        lgr     %r5, %r14
        larl    %r3, sccb_data + 14
        lghi    %r4, 0
1:      llc     %r0, 0(%r4,%r2)
        stc     %r0, 0(%r4,%r3)
        aghi    %r4, 1
        cijne   %r0, 0, 1b
        aghi    %r4, -1                     # do not send the NUL
        larl    %r3, sccb_data
        lgr     %r0, %r4
        aghi    %r0, 14
        sth     %r0, 0(%r3)
        aghi    %r4, 6
        sth     %r4, 8(%r3)
        lgr     %r2, %r3
        iilf    %r1, 0x00760005
        bras    %r14, sclp_call
        lgr     %r14, %r5
        br      %r14

pgm_handler:
        llgh    %r2, 0x8e(%r0)
        oilh    %r2, 0xdead
        larl    %r1, done_psw
        stg     %r2, 8(%r1)
        lpswe   0(%r1)

        .align 8
ext_new:  .quad 0x0000000180000000, ext_handler
pgm_new:  .quad 0x0000000180000000, pgm_handler
wait_psw: .quad 0x0102000180000000, 0
done_psw: .quad 0x0002000180000000, 0
        .align 8
sccb_mask:
        .short 32
        .byte 0, 0, 0, 0
        .short 0
        .short 0, 4
        .long 0, 0x00000040, 0, 0
        .align 8
sccb_data:
        .short 0
        .byte 0, 0, 0, 0
        .short 0
        .short 0
        .byte 0x1a, 0
        .short 0
        .space 256
        .align 8
        .space 4096
stack_top:
`;

/** Hello world: prints a line and stops with wait address 0. */
export const HELLO_GUEST = GUEST_RUNTIME + String.raw`
main:
        stmg    %r14, %r15, 112(%r15)
        aghi    %r15, -160
        larl    %r2, hello
        brasl   %r14, print
        lghi    %r2, 0
        lmg     %r14, %r15, 272(%r15)
        br      %r14
hello:  .asciz "Hello from pvkit\n"
`;
