/**
 * Access to ../shared (IBM-made vectors and specs). CI has it beside the clone; where it is absent,
 * tests that need it skip and say why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const sharedRoot = resolve(repoRoot, '..', 'shared');
export const haveShared = existsSync(join(sharedRoot, 'vectors'));
export const sharedSkipReason = `../shared not found at ${sharedRoot}: IBM vector tests skipped`;

if (!haveShared) console.warn(sharedSkipReason);

export function sharedPath(...parts: string[]): string {
  return join(sharedRoot, ...parts);
}

export function readShared(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath(...parts)));
}

export const genprotimgCases = ['hk1-full', 'hk2-full', 'hk1-noinitrd', 'hk1-dump', 'hk1-nodecrypt'] as const;
