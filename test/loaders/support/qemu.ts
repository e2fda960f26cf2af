/**
 * Runs a flat s390x memory image under `qemu-system-s390x -kernel` (TCG) and reports what the
 * guest printed and where it stopped (UV-SIE-NOTES §7.1 oracle B, §7.3).
 *
 * The SCLP ASCII console goes to a file (`-serial file:`); QMP on stdio delivers the
 * GUEST_PANICKED event QEMU raises for a disabled wait, which carries the final PSW, and lets the
 * test read guest memory afterwards (`xp`). `-action panic=pause` keeps the machine for that;
 * `-S` holds the CPU until QMP is ready, so the event cannot be missed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const QEMU = 'qemu-system-s390x';
export const haveQemu = spawnSync(QEMU, ['--version'], { stdio: 'ignore' }).status === 0;
export const qemuSkipReason = `${QEMU} not found (Debian package qemu-system-misc): QEMU loader tests skipped`;
if (!haveQemu) console.warn(qemuSkipReason);

export interface QemuRun {
  /** SCLP console output with CR LF turned into LF. */
  console: string;
  /** Final PSW of the disabled wait, or undefined if the guest never stopped that way. */
  psw: { mask: bigint; addr: bigint } | undefined;
  /** Why the guest stopped, as QEMU reports it ("disabled-wait"). */
  reason: string | undefined;
  /** Doublewords read at each requested address after the stop. */
  peeks: Map<number, bigint[]>;
  timedOut: boolean;
}

export interface QemuOptions {
  /** Guest addresses to read (`count` doublewords each) once the guest has stopped. */
  peek?: readonly { addr: number; count: number }[];
  timeoutMs?: number;
}

interface QmpMessage {
  QMP?: unknown;
  event?: string;
  data?: { info?: { 'psw-mask'?: number | string; 'psw-addr'?: number | string; reason?: string } };
  return?: unknown;
  error?: unknown;
}

export async function runQemu(image: Uint8Array, options: QemuOptions = {}): Promise<QemuRun> {
  const dir = mkdtempSync(join(tmpdir(), 'pvkit-qemu-'));
  try {
    const imagePath = join(dir, 'image.bin');
    const consolePath = join(dir, 'console.txt');
    writeFileSync(imagePath, image);
    // -nodefaults would drop the SCLP console QEMU wires to the first -serial; keep defaults.
    const args = ['-machine', 's390-ccw-virtio', '-cpu', 'max', '-m', '128', '-display', 'none', '-net', 'none',
      '-serial', `file:${consolePath}`, '-qmp', 'stdio', '-S', '-no-reboot', '-action', 'panic=pause', '-kernel', imagePath];
    const child = spawn(QEMU, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const run: QemuRun = { console: '', psw: undefined, reason: undefined, peeks: new Map(), timedOut: false };
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const send = (cmd: object) => child.stdin.write(`${JSON.stringify(cmd)}\n`);
    const pending = [...(options.peek ?? [])];
    let waitingFor: { addr: number; count: number } | undefined;

    const nextPeekOrQuit = () => {
      waitingFor = pending.shift();
      if (waitingFor === undefined) send({ execute: 'quit' });
      else
        send({
          execute: 'human-monitor-command',
          arguments: { 'command-line': `xp /${waitingFor.count}gx 0x${waitingFor.addr.toString(16)}` },
        });
    };

    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let msg: QmpMessage;
      try {
        msg = JSON.parse(line) as QmpMessage;
      } catch {
        return;
      }
      // Started with -S: events flow only after negotiation, so start the CPU after it.
      if (msg.QMP !== undefined) {
        send({ execute: 'qmp_capabilities' });
        send({ execute: 'cont' });
      } else if (msg.event === 'GUEST_PANICKED' && run.psw === undefined) {
        const info = msg.data?.info;
        if (info?.['psw-mask'] !== undefined && info['psw-addr'] !== undefined) {
          run.psw = { mask: BigInt(info['psw-mask']), addr: BigInt(info['psw-addr']) };
        }
        run.reason = info?.reason;
        nextPeekOrQuit();
      } else if (msg.return !== undefined && waitingFor !== undefined && typeof msg.return === 'string') {
        run.peeks.set(waitingFor.addr, parseXp(msg.return));
        nextPeekOrQuit();
      }
    });

    const timeout = setTimeout(() => {
      run.timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 20_000);
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    clearTimeout(timeout);
    if (status !== 0 && !run.timedOut) throw new Error(`${QEMU} exited with ${status}: ${stderr.trim()}`);
    run.console = readFileSync(consolePath, 'latin1').replaceAll('\r\n', '\n');
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `0000000000013078: 0x0000000000014000 0x0000000000000280` lines → the values in order. */
function parseXp(text: string): bigint[] {
  const out: bigint[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    for (const word of line.slice(colon + 1).trim().split(/\s+/)) if (/^0x[0-9a-f]+$/i.test(word)) out.push(BigInt(word));
  }
  return out;
}
