#!/usr/bin/env python3
"""Derive AES-256-XTS page vectors with Python 'cryptography' (an implementation independent of pvkit).

Each vector: 64-byte key (key1 || key2), 16-byte tweak = prefix || BE64(offset) as SE uses it,
one 4096-byte data unit. Inputs come from SHA-256 counters so the file is reproducible.
Run: python3 vectors/xts/generate.py > vectors/xts/xts-vectors.json
"""
import hashlib, json
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

def stream(label, n):
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{label}:{i}".encode()).digest()
        i += 1
    return out[:n]

cases = []
for i, (prefix, offset) in enumerate([
    (0x0028a1a2a3a4a5a6, 0), (0x0028a1a2a3a4a5a6, 0x1000), (0x0032ffffffffffff, 0x7fff000),
    (0x0000000000000000, 0), (0xffffffffffffffff, 0xfffffffffffff000), (0x0046d1d2d3d4d5d6, 0x123456789000),
]):
    key = stream(f"key{i}", 64)
    tweak = prefix.to_bytes(8, "big") + offset.to_bytes(8, "big")
    pt = stream(f"pt{i}", 4096)
    enc = Cipher(algorithms.AES(key), modes.XTS(tweak)).encryptor()
    ct = enc.update(pt) + enc.finalize()
    cases.append({"key": key.hex(), "tweak": tweak.hex(), "plaintext_sha256": hashlib.sha256(pt).hexdigest(),
                  "plaintext_label": f"pt{i}", "ciphertext": ct.hex()})
print(json.dumps({"generator": "python cryptography AES-XTS", "data_unit": 4096, "cases": cases}, indent=1))
