#!/usr/bin/env node
import { runGenprotimg } from './genprotimgCli.js';

process.exitCode = await runGenprotimg(process.argv.slice(2));
