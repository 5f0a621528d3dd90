#!/usr/bin/env node
// Thin shell: the built CLI decides the exit code; this file only hands it argv.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
