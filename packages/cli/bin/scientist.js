#!/usr/bin/env node
// The built CLI: `npm install` transpiles it into dist/ (scripts/build-on-install.mjs), as does `nx run cli:build`.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv);
