/**
 * Child process of the builder benchmark: runs `pvkit create` with the given arguments in a fresh
 * process (as a user would) and reports its peak RSS on stderr as `PVKIT_MAXRSS_KB=<n>`.
 */
import { runCli } from '../../cli/main.js';

const status = await runCli(['create', ...process.argv.slice(2)]);
process.stderr.write(`PVKIT_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
process.exitCode = status;
