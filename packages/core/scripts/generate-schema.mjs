// Writes experiments.schema.json from the built package, so editors complete experiments.yaml.
// Run with `npm run schema` (which builds first); a test fails when the file is out of date.
import { writeFileSync } from 'node:fs';
import { experimentsJsonSchema } from '../dist/index.js';

const target = new URL('../experiments.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(experimentsJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
