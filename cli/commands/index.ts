import type { PvkitCommand } from '../command.js';

/** Every pvkit subcommand, in the order `pvkit --help` lists them. Add new commands here. */
export const commands: readonly PvkitCommand[] = [];
