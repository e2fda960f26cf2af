/**
 * The Ultravisor against IBM-made data (`../shared/vectors/genprotimg-c`, genprotimg v2.33.0 with
 * pinned keys): SET_SEC_CONF_PARAMS must accept IBM's SE headers with each case's host private key,
 * UNPACK must decrypt IBM's component ciphertext to the case's inputs (or leave it alone with PCF
 * bit 35), and VERIFY must agree with IBM's NEP/ALD/TLD. IBM's stage3b bytes are not in the vectors,
 * so the PLD cannot match as stored: the test puts an independently computed PLD (SHA-512 over the
 * stored pages, zero pages for stage3b) into the header and re-seals it with the case's pinned
 * header key; VERIFY then succeeds only if page count, addresses and tweaks equal IBM's.
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { Storage } from '../../src/cpu/storage.js';
import type { Cpu } from '../../src/cpu/cpu.js';
import { gcmOpen, gcmSeal } from '../../src/crypto/gcm.js';
import { readHostPrivateKey } from '../../src/image/hostKeyInput.js';
import { parseIpib } from '../../src/format/ipib.js';
import { HostMemory } from '../../src/uv/hostMemory.js';
import { KvmPv } from '../../src/uv/kvmPv.js';
import { SUPPORTED_PCF, SUPPORTED_SCF_BEFORE_Z17 } from '../../src/uv/setSecConfParams.js';
import { Ultravisor } from '../../src/uv/ultravisor.js';
import { genprotimgCases, haveShared, readShared, sharedPath, sharedSkipReason } from '../support/shared.js';

interface CaseComponent {
  name: string;
  addr: string;
  len: number;
  orig_size: number;
  file?: string;
}

describe.skipIf(!haveShared)(`Ultravisor on genprotimg (C) vectors${haveShared ? '' : ` — ${sharedSkipReason}`}`, () => {
  test.each(genprotimgCases)('%s: header opens, components unpack to the inputs, digests agree', async (name) => {
    const read = (f: string) => readShared('vectors', 'genprotimg-c', name, f);
    const info = JSON.parse(Buffer.from(read('case.json')).toString('utf8')) as {
      pinned_run: { components: CaseComponent[] };
    };
    const header = read('header.bin');
    const ipib = parseIpib(read('ipib.bin'));
    const plaintext = (header[0x3c]! & 0x10) !== 0; // PCF bit 35 (0x10000000 in the u64 at 0x38)
    const keyFiles = name === 'hk2-full' ? ['hostkey1-priv.pem', 'hostkey2-priv.pem'] : ['hostkey1-priv.pem'];

    // Independent PLD: SHA-512 over the pages as stored, in IPIB order; stage3b's bytes are absent (zero).
    const comps = info.pinned_run.components;
    const pld = createHash('sha512');
    for (const c of comps) {
      const stored = new Uint8Array(c.len);
      if (c.file) stored.set(read(c.file));
      pld.update(stored);
    }
    // Re-seal the IBM header with that PLD (header key pinned in the case, SE-FORMAT §1.6).
    const headerKey = read('header-key.bin');
    const aad = 416 + 80 * Number(new DataView(header.buffer, header.byteOffset).getBigUint64(0x20));
    const sealed = header.slice();
    const area = gcmOpen(headerKey, header.subarray(0x10, 0x1c), header.subarray(0, aad), header.subarray(aad, aad + 128), header.subarray(header.length - 16), 'IBM header');
    sealed.set(pld.digest(), 0xe0);
    const { ciphertext, tag } = gcmSeal(headerKey, sealed.subarray(0x10, 0x1c), sealed.subarray(0, aad), area);
    sealed.set(ciphertext, aad);
    sealed.set(tag, sealed.length - 16);

    for (const keyFile of keyFiles) {
      const key = await readHostPrivateKey(sharedPath('vectors', 'genprotimg-c', name, keyFile));
      for (const [hdr, expectVerify] of [
        [header, { rc: 0x0102, rrc: 0x001b }],
        [sealed, { rc: 1, rrc: 0 }],
      ] as const) {
        const storage = new Storage(0x100000);
        for (const c of comps) if (c.file) storage.writeBytes(Number(c.addr), read(c.file));
        const hostMemory = new HostMemory();
        const uv = new Ultravisor({
          hostKeys: [key],
          capabilities: { supportedPcf: SUPPORTED_PCF, supportedScf: SUPPORTED_SCF_BEFORE_Z17 },
          storage,
          cpus: [{} as Cpu],
          hostMemory,
        });
        const kvm = new KvmPv(uv, hostMemory, storage.size, 1);
        expect(kvm.enable()).toEqual({ rc: 1, rrc: 0 });
        expect(kvm.setSecParms(hdr)).toEqual({ rc: 1, rrc: 0 });
        for (const c of ipib.components) expect(kvm.unpack(c.addr, c.len, c.tweakPref)).toEqual({ rc: 1, rrc: 0 });
        expect(kvm.verify()).toEqual(expectVerify);
        for (const c of comps) {
          const input = c.name === 'cmdline' ? undefined : c.name === 'kernel' ? read('kernel.bin') : c.name === 'initrd' ? read('initrd.bin') : undefined;
          if (input === undefined) continue;
          const at = Number(c.addr);
          const got = storage.bytes.subarray(at, at + c.len);
          if (plaintext) expect(got).toEqual(read(c.file!));
          else {
            expect(got.subarray(0, input.length)).toEqual(input);
            expect(got.subarray(input.length).every((b) => b === 0)).toBe(true);
          }
        }
        const cmd = comps.find((c) => c.name === 'cmdline');
        if (cmd && !plaintext) {
          const at = Number(cmd.addr);
          expect(Buffer.from(storage.bytes.subarray(at, at + cmd.orig_size)).toString('latin1')).toBe(
            `${Buffer.from(read('parmfile.txt')).toString('latin1')}\0`,
          );
        }
      }
    }
  });
});
