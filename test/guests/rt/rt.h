/*
 * pvkit test-guest runtime: shared constants (lowcore offsets, PSW masks, SCLP codes) and the
 * C-callable entry points of rt/sclp.S and rt/print.S.
 *
 * Spec: UV-SIE-NOTES §5.1 (SCLP console), §5.2 (PSW formats), §5.3 (lowcore).
 * Included by assembly (__ASSEMBLER__) and by the C guests.
 */
#ifndef PVKIT_GUEST_RT_H
#define PVKIT_GUEST_RT_H

/* Lowcore fields (§5.3). */
#define LC_EXT_PARAMS      0x080
#define LC_EXT_INT_CODE    0x086
#define LC_PGM_ILC         0x08c
#define LC_PGM_CODE        0x08e
#define LC_EXT_OLD_PSW     0x130
#define LC_PGM_OLD_PSW     0x150
#define LC_EXT_NEW_PSW     0x1b0
#define LC_PGM_NEW_PSW     0x1d0

/* PSW masks (§5.2). */
#define PSW_MASK_64        0x0000000180000000
#define PSW_MASK_ENWAIT    0x0102000180000000
#define PSW_MASK_DISWAIT   0x0002000180000000
#define PSW_MASK_PROBLEM   0x0001000000000000

/* SCLP (§5.1). */
#define SCLP_CMD_WRITE_EVENT_MASK  0x00780005
#define SCLP_CMD_WRITE_EVENT_DATA  0x00760005
#define SCLP_RC_NORMAL_COMPLETION  0x0020
#define EXT_CODE_SERVICE_SIGNAL    0x2401
#define SCLP_EVTYP_MSG             0x02
#define SCLP_EVTYP_VT220           0x1a
#define SCLP_MASK_MSG              0x40000000
#define SCLP_MASK_VT220            0x00000040

/* Exit codes carried in the disabled-wait PSW address (§5.2). */
#define EXIT_PGM_BASE      0xdead0000
#define EXIT_SCLP_BASE     0x5c1b0000

#ifndef __ASSEMBLER__
typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;

/* Append LEN bytes to the console line buffer (flushed at '\n' and when full). */
void print(const char *buf, u64 len);
/* Print a NUL-terminated string. */
void puts(const char *s);
/* Print the low DIGITS hex digits of VALUE (lower case, zero padded). */
void print_hex(u64 value, u64 digits);
/* Send whatever is buffered as one Write Event Data (VT220/ASCII). */
void flush(void);
/* Write LEN ASCII bytes as one line-mode message (event type 2, EBCDIC MTO). */
void print_lm(const char *buf, u64 len);
/* Decimal output (rt/libc.c). */
void print_udec(u64 value);
void print_dec(long value);
void *memcpy(void *dst, const void *src, unsigned long n);
void *memmove(void *dst, const void *src, unsigned long n);
void *memset(void *dst, int c, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);
/* rt/crc32.c: zlib's CRC-32. */
u32 crc32(const volatile u8 *p, u64 n);
/* Flush, then load the disabled-wait PSW whose address is CODE. */
__attribute__((noreturn)) void exit(u64 code);
#endif

#endif
