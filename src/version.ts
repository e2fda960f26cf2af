/** pvkit's version, shown by `--version` and in `info` JSON metadata. */
export const PVKIT_VERSION = '0.1.0';
