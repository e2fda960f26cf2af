import { describe, expect, it } from 'vitest';
import { createECDH, createHash, X509Certificate } from 'node:crypto';
import { gcmOpen, gcmSeal } from '../../src/crypto/gcm.js';
import { nobleGcmOpen, nobleGcmSeal } from '../../src/crypto/gcmNoble.js';
import { nobleDeriveSlotKey, nobleGenerateKeyPair, nobleIsValidPoint, noblePublicKeyOf } from '../../src/crypto/p521Noble.js';
import { coordsToPoint, deriveSlotKey, generateKeyPair, hostKeyHash, isValidPoint, keyPairFromScalar, pointToCoords, publicKeyOf } from '../../src/crypto/p521.js';
import { haveShared, readShared } from '../support/shared.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

describe('AES-256-GCM', () => {
  it('SE-FORMAT §9.3 vector, both implementations', () => {
    const key = unhex('eebc1f57487f51921c0465665f8ae6d1658bb26de6f8a069a3520293a572078f');
    const iv = unhex('99aa3e68ed8173a0eed06684');
    const aad = unhex('4d23c3cec334b49bdb370c437fec78de');
    const pt = unhex('f56e87055bc32d0eeb31b2eacc2bf2a5');
    const impls = {
      node: { seal: gcmSeal, open: gcmOpen },
      noble: { seal: nobleGcmSeal, open: nobleGcmOpen },
    };
    for (const impl of ['node', 'noble'] as const) {
      const { ciphertext, tag } = impls[impl].seal(key, iv, aad, pt);
      expect(hex(ciphertext)).toBe('f7264413a84c0e7cd536867eb9f21736');
      expect(hex(tag)).toBe('67ba0510262ae487d737ee6298f77e0c');
      expect(hex(impls[impl].open(key, iv, aad, ciphertext, tag, 'x'))).toBe(hex(pt));
      const bad = tag.slice();
      bad[0]! ^= 1;
      expect(() => impls[impl].open(key, iv, aad, ciphertext, bad, 'vector')).toThrow(/vector: AES-GCM authentication failed/);
    }
  });
});

describe('P-521', () => {
  it('coordinate encoding round-trips and rejects bad padding / off-curve points', () => {
    const { publicKey } = generateKeyPair();
    const coords = pointToCoords(publicKey);
    expect(coords.length).toBe(160);
    expect(coords.subarray(0, 14).every((b) => b === 0)).toBe(true);
    expect(hex(coordsToPoint(coords)!)).toBe(hex(publicKey));
    const badPad = coords.slice();
    badPad[0] = 1;
    expect(coordsToPoint(badPad)).toBeUndefined();
    const offCurve = coords.slice();
    offCurve[159]! ^= 1;
    expect(coordsToPoint(offCurve)).toBeUndefined();
  });

  it('slot key equals SHA-256(node:crypto ECDH secret ‖ 00000001) from both sides', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    const ecdh = createECDH('secp521r1');
    ecdh.setPrivateKey(Buffer.from(a.privateKey));
    const z = ecdh.computeSecret(Buffer.from(b.publicKey));
    expect(z.length).toBe(66);
    const k = Buffer.from(sha256(Buffer.concat([z, Buffer.from([0, 0, 0, 1])])));
    expect(hex(deriveSlotKey(a.privateKey, b.publicKey))).toBe(k.toString('hex'));
    expect(hex(deriveSlotKey(b.privateKey, a.publicKey))).toBe(k.toString('hex'));
  });

  it.skipIf(!haveShared)('SE-FORMAT §9.1–§9.2: phkh of the s390-tools host key, customer key hash, ECDH Z and K', () => {
    const cert = new X509Certificate(Buffer.from(readShared('vectors/s390-tools/pv/tests/assets/keys/host.pem.crt')));
    const jwk = cert.publicKey.export({ format: 'jwk' });
    const host = new Uint8Array(Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]));
    expect(hex(hostKeyHash(host))).toBe('415c25a5d19c381e619733e1c1b7fbd88bdd1c31d882d5ade04b97043c5010f0');
    const cust = keyPairFromScalar(readShared('vectors/s390-tools/pv/tests/assets/keys/private_cust.bin'));
    expect(hex(pointToCoords(cust.publicKey))).toBe(hex(readShared('vectors/s390-tools/pv/tests/assets/keys/public_cust.bin')));
    expect(hex(sha256(pointToCoords(cust.publicKey)))).toBe('5ee905a9be70366815a45641afae00973b1f45292f43bcd7638ee2a73fd7c45e');
    expect(hex(deriveSlotKey(cust.privateKey, host))).toBe('753277558f3b6003419ef249ae3c4b55aad77d09d97fdd1fc88fd8f0cf22f149');
  });

  it('node:crypto and @noble/curves agree on public keys, slot keys and point validation', () => {
    for (let i = 0; i < 4; i++) {
      const a = i % 2 ? generateKeyPair() : nobleGenerateKeyPair();
      const b = i % 2 ? nobleGenerateKeyPair() : generateKeyPair();
      expect(hex(noblePublicKeyOf(a.privateKey))).toBe(hex(publicKeyOf(a.privateKey)));
      expect(hex(nobleDeriveSlotKey(a.privateKey, b.publicKey))).toBe(hex(deriveSlotKey(a.privateKey, b.publicKey)));
      const bad = b.publicKey.slice();
      bad[132]! ^= 1;
      expect(isValidPoint(b.publicKey) && nobleIsValidPoint(b.publicKey)).toBe(true);
      expect(isValidPoint(bad) || nobleIsValidPoint(bad)).toBe(false);
    }
  });

  it('refuses invalid private scalars', () => {
    expect(() => keyPairFromScalar(new Uint8Array(66))).toThrow(/not a valid P-521 private scalar/);
    expect(() => keyPairFromScalar(new Uint8Array(66).fill(0xff))).toThrow(/not a valid/);
  });
});

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());
