/**
 * EBCDIC code page 1047 → ASCII, for SCLP line-mode messages (message text objects are EBCDIC;
 * UV-SIE-NOTES §5.1). Printable characters only; anything else becomes '?' except NUL.
 */
const TABLE: Record<number, string> = {
  0x00: '\0', 0x05: '\t', 0x15: '\n', 0x25: '\n', 0x0d: '\r', 0x40: ' ', 0x4a: '¢', 0x4b: '.', 0x4c: '<', 0x4d: '(', 0x4e: '+',
  0x4f: '|', 0x50: '&', 0x5a: '!', 0x5b: '$', 0x5c: '*', 0x5d: ')', 0x5e: ';', 0x5f: '^', 0x60: '-', 0x61: '/',
  0x6a: '¦', 0x6b: ',', 0x6c: '%', 0x6d: '_', 0x6e: '>', 0x6f: '?', 0x79: '`', 0x7a: ':', 0x7b: '#', 0x7c: '@',
  0x7d: "'", 0x7e: '=', 0x7f: '"', 0xa1: '~', 0xad: '[', 0xbd: ']', 0xc0: '{', 0xd0: '}', 0xe0: '\\',
};
const RANGES: [number, string][] = [
  [0x81, 'abcdefghi'], [0x91, 'jklmnopqr'], [0xa2, 'stuvwxyz'],
  [0xc1, 'ABCDEFGHI'], [0xd1, 'JKLMNOPQR'], [0xe2, 'STUVWXYZ'], [0xf0, '0123456789'],
];
for (const [start, chars] of RANGES) for (let i = 0; i < chars.length; i++) TABLE[start + i] = chars[i]!;

export function ebcdicToAscii(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += TABLE[b] ?? '?';
  return s;
}
