/*
 * pvkit loaders: formatted console output and the error exits built on it.
 *
 * A deliberately small printf (%s %c %u %lu %x %lx, zero-padded widths, %%) writing through the
 * SCLP console; panic() prints and stops in a disabled wait with a documented code (SE-FORMAT
 * §8.4); program_check() reports an unexpected program interruption (lowcore UV-SIE-NOTES §5.3).
 */
#include "loader.h"

#define va_list __builtin_va_list
#define va_start __builtin_va_start
#define va_arg __builtin_va_arg
#define va_end __builtin_va_end

static void put_number(char *buf, size_t *n, u64 v, unsigned base, unsigned width)
{
	char tmp[20];
	unsigned len = 0;

	do {
		unsigned digit = v % base;

		tmp[len++] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
		v /= base;
	} while (v != 0);
	while (width > len) {
		buf[(*n)++] = '0';
		width--;
	}
	while (len)
		buf[(*n)++] = tmp[--len];
}

static void vprint(const char *fmt, va_list ap)
{
	char buf[256];
	size_t n = 0;

	for (const char *p = fmt; *p; p++) {
		if (n > sizeof(buf) - 24) {
			sclp_write(buf, n);
			n = 0;
		}
		if (*p != '%') {
			buf[n++] = *p;
			continue;
		}
		unsigned width = 0;
		int is_long = 0;

		p++;
		while (*p >= '0' && *p <= '9')
			width = width * 10 + (unsigned)(*p++ - '0');
		if (*p == 'l') {
			is_long = 1;
			p++;
		}
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			sclp_write(buf, n);
			n = 0;
			sclp_write(s, strlen(s));
			break;
		}
		case 'c':
			buf[n++] = (char)va_arg(ap, int);
			break;
		case 'u':
		case 'x': {
			u64 v = is_long ? va_arg(ap, u64) : va_arg(ap, unsigned int);

			put_number(buf, &n, v, *p == 'x' ? 16 : 10, width);
			break;
		}
		case '%':
			buf[n++] = '%';
			break;
		default: /* unknown conversion: show it as written */
			buf[n++] = '%';
			if (*p == '\0') {
				p--;
				break;
			}
			buf[n++] = *p;
			break;
		}
	}
	sclp_write(buf, n);
}

void print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}

void panic(u64 code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	cpu_stop(code);
}

void program_check(void)
{
	static int nested;
	u16 code = *(volatile u16 *)LC_PGM_CODE;
	u64 addr = read_u64(LC_PGM_OLD_PSW + 8);

	/* A program check while reporting one: stop at once, the console may be the culprit. */
	if (nested++)
		cpu_stop(STOP_PGM_BASE + code);
	sclp_setup(); /* the console may be off (stage3b hands over with it off) */
	panic(STOP_PGM_BASE + code, "pvkit loader: program interruption 0x%04x at 0x%lx, stopping\n", code,
	      addr);
}
