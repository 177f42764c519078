#!/usr/bin/env node
// The built CLI; `npm start` and `nx run cli:build` produce dist/ first.
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv);
