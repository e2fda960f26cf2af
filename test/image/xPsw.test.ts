import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createImage } from '../../src/build/createImage.js';
import { generateKeyPair } from '../../src/crypto/p521.js';
import { verifyImagePath } from '../../src/image/imageVerify.js';
import { tempDir, writeInputs } from '../build/testInputs.js';

/** pvimg's --x-psw seals another PSW address than stage3b's (SE-FORMAT §7.1); verify --expect-psw accepts it. */
describe('verify of an image built with --x-psw', () => {
  it('fails header.psw by default and passes with the expected address', async () => {
    const inp = writeInputs(tempDir());
    const out = join(inp.dir, 'xpsw.img');
    const headerKey = new Uint8Array(32).fill(7);
    await createImage({ kernel: inp.kernel, output: out, hostKeys: [generateKeyPair().publicKey], headerPswAddr: 0x20000n, pinned: { headerKey } });
    const byDefault = await verifyImagePath(out, { headerKey, hostKeys: [] });
    expect(byDefault.checks.find((c) => c.name === 'header.psw')?.ok).toBe(false);
    expect(byDefault.verified).toBe(false);
    const expected = await verifyImagePath(out, { headerKey, hostKeys: [] }, { pswAddr: 0x20000n });
    expect(expected.checks.filter((c) => !c.ok)).toEqual([]);
    expect(expected.verified).toBe(true);
    const wrong = await verifyImagePath(out, { headerKey, hostKeys: [] }, { pswAddr: 0x21000n });
    expect(wrong.checks.find((c) => c.name === 'header.psw')?.ok).toBe(false);
  });
});
