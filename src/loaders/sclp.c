/*
 * pvkit loaders: SCLP ASCII console.
 *
 * UV-SIE-NOTES §5.1: one Write Event Mask (send mask = VT220/ASCII, event type 0x1a), then
 * Write Event Data with type-0x1a event buffers. Each SERVC completes with a service-signal
 * external interruption that we wait for in an enabled wait (cpu.S). The SCCB is a page-aligned
 * page of our own BSS: an SCCB must be 8-byte aligned, below 2 GiB and must not cross a page.
 * In a protected guest the hypervisor reaches the SCCB through the SIDA, so the same code serves
 * stage3b in secure mode. If SCLP does not answer, output is silently dropped: the loaders' stop
 * codes still tell what happened.
 */
#include "loader.h"

#define SCLP_CMD_WRITE_EVENT_MASK 0x00780005
#define SCLP_CMD_WRITE_EVENT_DATA 0x00760005
#define SCLP_RC_NORMAL_COMPLETION 0x0020
#define EVTYP_VT220               0x1a
#define EVTYP_VT220_MASK          0x00000040 /* 1 << (32 - 0x1a) */

struct sccb_header {
	u16 length;
	u8 function_code;
	u8 control_mask[3];
	u16 response_code;
} PACKED;

struct write_event_mask {
	struct sccb_header h;
	u16 reserved;
	u16 mask_length;
	u32 cp_receive_mask;
	u32 cp_send_mask;
	u32 sclp_receive_mask;
	u32 sclp_send_mask;
} PACKED;

struct event_buffer_header {
	u16 length;
	u8 type;
	u8 flags;
	u16 reserved;
} PACKED;

struct write_event_data {
	struct sccb_header h;
	struct event_buffer_header ebh;
	char data[];
} PACKED;

#define SCCB_SIZE 4096
#define MAX_DATA (SCCB_SIZE - sizeof(struct write_event_data))

static u8 sccb[SCCB_SIZE] __attribute__((aligned(4096), section(".bss.page")));
static int sclp_ready;

/* SERVC (B220, RRE): binutils 2.40 has no mnemonic for it (UV-SIE-NOTES §8 item 6). */
static int servc(u32 command, void *block)
{
	int cc;

	asm volatile(".insn rre,0xb2200000,%[cmd],%[blk]\n\t"
		     "ipm %[cc]\n\t"
		     "srl %[cc],28"
		     : [cc] "=d"(cc)
		     : [cmd] "d"((u64)command), [blk] "a"(block)
		     : "cc", "memory");
	return cc;
}

static int sclp_call(u32 command)
{
	for (;;) {
		int cc = servc(command, sccb);

		if (cc == 0)
			break;
		if (cc != 2) /* 1/3: not operational */
			return -1;
		cpu_wait_service_signal(); /* busy: an earlier request is still completing */
	}
	cpu_wait_service_signal();
	return ((struct sccb_header *)sccb)->response_code == SCLP_RC_NORMAL_COMPLETION ? 0 : -1;
}

void sclp_setup(void)
{
	struct write_event_mask *m = (struct write_event_mask *)sccb;

	memset(sccb, 0, sizeof(*m));
	m->h.length = sizeof(*m);
	m->mask_length = sizeof(u32);
	m->cp_send_mask = EVTYP_VT220_MASK;
	sclp_ready = sclp_call(SCLP_CMD_WRITE_EVENT_MASK) == 0;
}

/* Clear our event masks again before handing over (SE-FORMAT §4.7 step 5): the next program
 * sets up the console its own way. */
void sclp_teardown(void)
{
	struct write_event_mask *m = (struct write_event_mask *)sccb;

	if (!sclp_ready)
		return;
	memset(sccb, 0, sizeof(*m));
	m->h.length = sizeof(*m);
	m->mask_length = sizeof(u32);
	sclp_call(SCLP_CMD_WRITE_EVENT_MASK);
	sclp_ready = 0;
}

static void flush(size_t n)
{
	struct write_event_data *w = (struct write_event_data *)sccb;

	if (n == 0)
		return;
	memset(sccb, 0, sizeof(*w));
	w->h.length = sizeof(*w) + n;
	w->ebh.length = sizeof(w->ebh) + n;
	w->ebh.type = EVTYP_VT220;
	sclp_call(SCLP_CMD_WRITE_EVENT_DATA);
}

/* LF is sent as CR LF so that a raw terminal (QEMU -nographic, virsh console) shows lines. */
void sclp_write(const char *s, size_t len)
{
	struct write_event_data *w = (struct write_event_data *)sccb;
	size_t n = 0;

	if (!sclp_ready)
		return;
	for (size_t i = 0; i < len; i++) {
		if (n + 2 > MAX_DATA) {
			flush(n);
			n = 0;
		}
		if (s[i] == '\n')
			w->data[n++] = '\r';
		w->data[n++] = s[i];
	}
	flush(n);
}
