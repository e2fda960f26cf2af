/*
 * pvkit test-guest runtime: self-checking instruction cases (written for pvkit).
 *
 * A case (rt/cases.h) runs a few instructions with r6-r9 preset and the condition code preset to
 * 3, stores IPM in r10, and calls check() with the result register r6 and the IPM word. Each case
 * prints one line "name value cc=N ok" (or "FAIL want ... cc=N"), so a console diff names the
 * instruction; expected values come from the z/Architecture Principles of Operation, written in the
 * guest source. summary() prints the totals and returns the failure count (the exit code).
 */
#include "rt.h"

struct case_rec {
	u64 want;
	u8 want_cc;
	char name[];
};

static u64 cases, failures;

/* Pad a name to WIDTH columns, always at least one space. */
static void pad(u64 used, u64 width)
{
	do
		print(" ", 1);
	while (++used < width);
}

void check(const struct case_rec *c, u64 value, u64 ipm)
{
	u64 cc = (ipm >> 28) & 3;
	u64 n = 0;
	while (c->name[n])
		n++;
	cases++;
	print(c->name, n);
	pad(n, 10);
	print_hex(value, 16);
	puts(" cc=");
	print_hex(cc, 1);
	if (value == c->want && cc == c->want_cc) {
		puts(" ok\n");
		return;
	}
	failures++;
	puts(" FAIL want ");
	print_hex(c->want, 16);
	puts(" cc=");
	print_hex(c->want_cc, 1);
	puts("\n");
}

u64 summary(void)
{
	print_udec(cases);
	puts(" cases, ");
	print_udec(failures);
	puts(" failed\n");
	return failures;
}

/* What the program-check handler of rt/cases.h recorded (lowcore 0x8c, 0x8e, 0x150). */
struct pgm_seen {
	u16 ilen;
	u16 code;
	u32 pad;
	u64 mask;
	u64 addr;
};

struct pgm_rec {
	u16 code;
	u16 ilen;
	u32 off;
	u64 mask;
	char name[];
};

/* Written by the guest's program-check handler; pgm_resume is where that handler continues. */
struct pgm_seen pgm_seen;
u64 pgm_resume;

/* One line per expected program interruption: code, ILC (in bytes), old PSW (address relative to
 * the faulting instruction: +ilen for suppression/completion, 0 for nullification). */
void check_pgm(const struct pgm_rec *c, u64 fault_addr)
{
	const struct pgm_seen *s = &pgm_seen;
	u64 n = 0;
	u64 off = s->addr - fault_addr;
	while (c->name[n])
		n++;
	cases++;
	print(c->name, n);
	pad(n, 12);
	puts("code=");
	print_hex(s->code, 4);
	puts(" ilen=");
	print_hex(s->ilen, 1);
	puts(" psw=");
	print_hex(s->mask, 16);
	puts(" +");
	print_hex(off, 2);
	if (s->code == c->code && s->ilen == c->ilen && s->mask == c->mask && off == c->off) {
		puts(" ok\n");
		return;
	}
	failures++;
	puts(" FAIL want code=");
	print_hex(c->code, 4);
	puts(" ilen=");
	print_hex(c->ilen, 1);
	puts(" psw=");
	print_hex(c->mask, 16);
	puts(" +");
	print_hex(c->off, 2);
	puts("\n");
}
