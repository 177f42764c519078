import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { emulatedSettingsList } from '../src/deploy/supported-settings.js';

const docsFile = fileURLToPath(new URL('../../../docs/reference/local-cloud.md', import.meta.url));
const section = /(<!-- emulated-settings:start -->\n)[\s\S]*?(<!-- emulated-settings:end -->)/;

test("the docs' list of what is emulated is the loader's own tables", () => {
  const docs = readFileSync(docsFile, 'utf8');
  expect(docs).toMatch(section);
  const generated = docs.replace(
    section,
    (_, start: string, end: string) => `${start}${emulatedSettingsList()}\n${end}`,
  );
  if (process.env.UPDATE_DOCS === '1' && generated !== docs) writeFileSync(docsFile, generated);
  else
    expect(
      docs,
      'docs/reference/local-cloud.md differs from supported-settings.ts: rerun with UPDATE_DOCS=1',
    ).toBe(generated);
});
