/**
 * Failure paths through the image's REAL stage3a (SE-FORMAT §8.2–§8.5): each tampered image must
 * make the Ultravisor fail with the rc/rrc of the spec, the hypervisor return it in R1+1 of DIAG 308
 * subcode 10, and stage3a print its §8.4 message and stop in the disabled wait 0x4608.
 * "Re-sealed" tampering recomputes the header's GCM tag with the pinned header key, so the change
 * is authentic and a later check must catch it.
 */
import { describe, expect, test } from 'vitest';
import { bootImage, type BootResult } from '../../src/machine/secureMachine.js';
import { msb0 } from '../../src/format/controlFlags.js';
import { seHeaderHeadLayout } from '../../src/format/seHeader.js';
import { encryptedAreaLayout } from '../../src/format/seHeader.js';
import { buildTestImage, hostKey, tamperHeader } from './support.js';

const MAX = 20_000_000;
const CMD = { 2: 'KVM_PV_SET_SEC_PARMS', 3: 'KVM_PV_UNPACK', 4: 'KVM_PV_VERIFY' } as const;
const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
const off = (f: Parameters<typeof seHeaderHeadLayout.offsetOf>[0]) => seHeaderHeadLayout.offsetOf(f);
const be = (buf: Uint8Array) => new DataView(buf.buffer, buf.byteOffset, buf.byteLength);

function expectPvError(r: BootResult, cmd: 2 | 3 | 4, rc: number, rrc: number, message: string | RegExp): void {
  expect(r.secure).toBe(false);
  expect(r.stop).toBe('disabled-wait');
  expect(r.psw).toEqual({ mask: 0x0002000180000000n, addr: 0x4608n });
  expect(r.console).toMatch(message);
  expect(r.console).toContain(`pvkit stage3a: diag_rc=0x0a02 cmd=${CMD[cmd]} rc=${hex4(rc)} rrc=${hex4(rrc)}`);
  expect(r.failure).toEqual({ cmd, result: { rc, rrc } });
}

describe('failure paths through stage3a', async () => {
  const key1 = await hostKey(1);
  const key2 = await hostKey(2);
  const img = await buildTestImage();
  const boot = (bytes: Uint8Array, keys = [key1]) => bootImage(bytes, { hostKeys: keys, maxInstructions: MAX });

  test('a host key without a key slot: RC 0x0108 / RRC 0x0005', () => {
    expectPvError(boot(img.bytes, [key2]), 2, 0x0108, 0x0005, /no key slot of the SE header is for this machine's host key/);
  });

  test('z14 (no facility 161): stage3a stops at 0x4607 before any DIAG 308', () => {
    const r = bootImage(img.bytes, { hostKeys: [key1], machine: 'z14', maxInstructions: MAX });
    expect(r.console).toMatch(/unpack facility not available \(facility 161\)/);
    expect(r.psw).toEqual({ mask: 0x0002000180000000n, addr: 0x4607n });
    expect(r.uvCalls).toEqual([]);
  });

  // SE-FORMAT §8.5, in its order, plus version, a flipped component byte and a flipped tag.
  const cases: {
    name: string;
    reseal: boolean;
    edit: (h: Uint8Array, area: Uint8Array) => void;
    cmd: 2 | 3 | 4;
    rc: number;
    rrc: number;
    message: RegExp;
  }[] = [
    {
      name: 'sehs + 1',
      reseal: false,
      edit: (h) => be(h).setUint32(off('sehs'), be(h).getUint32(off('sehs')) + 1),
      cmd: 2, rc: 0x010a, rrc: 0x0031,
      message: /SE header size does not match the size given in the IPIB/,
    },
    {
      name: 'first phkh zeroed',
      reseal: false,
      edit: (h) => h.fill(0, seHeaderHeadLayout.size, seHeaderHeadLayout.size + 32),
      cmd: 2, rc: 0x0108, rrc: 0x0005,
      message: /no key slot/,
    },
    {
      name: 'unsupported PCF bits',
      reseal: false,
      edit: (h) => be(h).setBigUint64(off('pcf'), be(h).getBigUint64(off('pcf')) | msb0(0) | msb0(40)),
      cmd: 2, rc: 0x0106, rrc: 0x0030,
      message: /plaintext control flag \(PCF\) this machine does not support/,
    },
    {
      name: 'nks = 0',
      reseal: false,
      edit: (h) => be(h).setBigUint64(off('nks'), 0n),
      cmd: 2, rc: 0x010a, rrc: 0x0040,
      message: /SE header has no key slots/,
    },
    {
      name: 'sea = 0',
      reseal: false,
      edit: (h) => be(h).setBigUint64(off('sea'), 0n),
      cmd: 2, rc: 0x010a, rrc: 0x0039,
      message: /encrypted-area size is invalid/,
    },
    {
      name: 'customer key zeroed (re-sealed)',
      reseal: true,
      edit: (h) => h.fill(0, off('custPubKey'), off('custPubKey') + 160),
      cmd: 2, rc: 0x0108, rrc: 0x000b,
      message: /customer ECDH public key in the SE header is invalid/,
    },
    {
      name: 'SCF all ones (re-sealed)',
      reseal: true,
      edit: (_h, a) => be(a).setBigUint64(encryptedAreaLayout.offsetOf('scf'), 0xffff_ffff_ffff_ffffn),
      cmd: 2, rc: 0x0109, rrc: 0x0000,
      message: /secret control flag \(SCF\) this machine does not support/,
    },
    {
      name: 'ALD first 8 bytes zeroed (re-sealed)',
      reseal: true,
      edit: (h) => h.fill(0, off('ald'), off('ald') + 8),
      cmd: 4, rc: 0x0102, rrc: 0x001a,
      message: /address list digest \(ALD\)/,
    },
    {
      name: 'PLD first 8 bytes zeroed (re-sealed)',
      reseal: true,
      edit: (h) => h.fill(0, off('pld'), off('pld') + 8),
      cmd: 4, rc: 0x0102, rrc: 0x001b,
      message: /page list digest \(PLD\)/,
    },
    {
      name: 'TLD first 8 bytes zeroed (re-sealed)',
      reseal: true,
      edit: (h) => h.fill(0, off('tld'), off('tld') + 8),
      cmd: 4, rc: 0x0102, rrc: 0x001c,
      message: /tweak list digest \(TLD\)/,
    },
    {
      name: 'nep = 0 (re-sealed)',
      reseal: true,
      edit: (h) => be(h).setBigUint64(off('nep'), 0n),
      cmd: 4, rc: 0x0102, rrc: 0x001d,
      message: /number of encrypted pages does not match/,
    },
    {
      name: 'header version 0x200',
      reseal: false,
      edit: (h) => be(h).setUint32(off('version'), 0x200),
      cmd: 2, rc: 0x0104, rrc: 0x0001,
      message: /SE header version is not supported/,
    },
    {
      name: 'one flipped byte of the GCM tag ([inf] RRC 0x0041)',
      reseal: false,
      edit: (h) => void (h[h.length - 1]! ^= 0x01),
      cmd: 2, rc: 0x010a, rrc: 0x0041,
      message: /the Ultravisor rejected the image/,
    },
  ];

  test.each(cases)('$name → rc $rc rrc $rrc', ({ reseal, edit, cmd, rc, rrc, message }) => {
    expectPvError(boot(tamperHeader(img, edit, { reseal })), cmd, rc, rrc, message);
  });

  test('a flipped byte in a component page → PLD mismatch at VERIFY', () => {
    const kernel = img.created.components.find((c) => c.kind === 'kernel')!;
    const bytes = img.bytes.slice();
    bytes[kernel.addr + 0x2345]! ^= 0x80;
    expectPvError(boot(bytes), 4, 0x0102, 0x001b, /page list digest \(PLD\)/);
  });

  test('an IPIB the hypervisor refuses: DIAG 308 subcode 8 answers 0x0402', () => {
    const bytes = img.bytes.slice();
    bytes[img.created.layout.ipibAddr + 12] = 4; // pbt 4 instead of 5 (SE-FORMAT §5)
    const r = boot(bytes);
    expect(r.console).toMatch(/DIAG 308 subcode 8 \(set PV IPIB at 0x[0-9a-f]+\) failed: response code 0x0402/);
    expect(r.psw.addr).toBe(0x4608n);
    expect(r.uvCalls).toEqual([]);
  });
});
