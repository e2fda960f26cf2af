/*
 * pvkit loaders: freestanding C environment shared by stage3a, stage3b and the test kernel.
 *
 * Fixed-width types, the few privileged operations the loaders need as inline functions
 * (UV-SIE-NOTES §4.5), and the prototypes of the shared console (sclp.c, print.c) and
 * CPU-control (cpu.S) code. Everything has hidden visibility so that -fPIE code (stage3b) reaches
 * every symbol PC-relatively (LARL/BRASL) and needs no GOT or run-time relocation.
 */
#ifndef PVKIT_LOADER_H
#define PVKIT_LOADER_H

#pragma GCC visibility push(hidden)

#include "layout.h"

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef unsigned long size_t;

#define NORETURN __attribute__((noreturn))
#define PACKED __attribute__((packed))

/* cpu.S */
/* Enabled wait until a service-signal external interruption arrives (UV-SIE-NOTES §5.1). */
void cpu_wait_service_signal(void);
/* Disabled wait with `code` in the PSW address: the documented way a loader stops. */
NORETURN void cpu_stop(u64 code);
/* Point the program-new PSW at the loader's program-check handler (which calls program_check). */
void cpu_setup_program_new_psw(void);

/* Called by cpu.S on a program interruption; prints and stops (print.c). */
NORETURN void program_check(void);

/* sclp.c: SCLP ASCII (VT220, event type 0x1a) console. */
void sclp_setup(void);
void sclp_teardown(void);
void sclp_write(const char *s, size_t len);

/* print.c: a small printf: %s, %c, %x/%lx with optional zero-padded width, %u/%lu, %%. */
void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
NORETURN void panic(u64 code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* mem.c: gcc may emit calls to these for structure copies even with -ffreestanding. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
size_t strlen(const char *s);

static inline u64 read_u64(u64 addr) { return *(volatile u64 *)addr; }
static inline void write_u64(u64 addr, u64 v) { *(volatile u64 *)addr = v; }

#endif
