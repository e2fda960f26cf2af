/*
 * Host (x86-64 or any LP64 machine) stand-in for the guest runtime's output functions, so a guest's
 * portable C (cops.c) can run natively and give an independent expected output (written for pvkit).
 * The guest names are renamed with -D by cops-host.sh so they cannot clash with the C library.
 */
#include <stdio.h>
#include <stdlib.h>

void g_print(const char *buf, unsigned long len) { fwrite(buf, 1, len, stdout); }
void g_puts(const char *s) { fputs(s, stdout); }
void g_print_hex(unsigned long v, unsigned long digits) { printf("%0*lx", (int)digits, v & (digits >= 16 ? ~0UL : (1UL << (4 * digits)) - 1)); }
void g_print_udec(unsigned long v) { printf("%lu", v); }
void g_print_dec(long v) { printf("%ld", v); }

int g_main(void);

int main(void)
{
	int rc = g_main();
	fflush(stdout);
	return rc;
}
