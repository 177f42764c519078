// @ts-check
// The function's README lists its variants in a Markdown table; a fork adds its row.
import { join } from 'node:path';
import { languageNames } from './variants.js';

/** @typedef {import('nx/src/devkit-exports').Tree} Tree */
/** @typedef {import('./variants.js').Variant} Variant */

/** @param {string} line @returns {string[]} */
function cellsOf(line) {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

/**
 * Pads a Markdown table's cells to their column's width, as the formatter writes tables.
 * @param {readonly string[]} rows @returns {string[]}
 */
export function alignTable(rows) {
  const table = rows.map(cellsOf);
  const widths = /** @type {string[]} */ (table[0]).map((_, column) =>
    Math.max(3, ...table.filter((_, row) => row !== 1).map((cells) => (cells[column] ?? '').length)),
  );
  return table.map((cells, row) =>
    row === 1
      ? `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`
      : `| ${widths.map((width, column) => (cells[column] ?? '').padEnd(width)).join(' | ')} |`,
  );
}

/**
 * Adds the new variant as a row of the function's README table (the last table that links variants).
 * @param {Tree} tree @param {string} functionDir @param {Variant} variant @param {Variant} source
 */
export function addReadmeRow(tree, functionDir, variant, source) {
  const readme = join(functionDir, 'README.md');
  if (!tree.isFile(readme)) return;
  const lines = (tree.read(readme, 'utf-8') ?? '').split('\n');
  const last = lines.findLastIndex((line) => line.startsWith('| [') && line.includes(']('));
  if (last < 0) return;
  let first = last;
  while (first > 0 && lines[first - 1]?.startsWith('|')) first--;
  const columns = cellsOf(/** @type {string} */ (lines[first])).length;
  const cells = [
    `[${variant.dir}](${variant.dir})`,
    `\`${variant.service}\``,
    `${languageNames[variant.language]} (\`${variant.runtime}\`)`,
    `${variant.memorySize} MB`,
  ];
  while (cells.length < columns - 1) cells.push('');
  cells.push(`forked from [${source.dir}](${source.dir})`);
  const table = [...lines.slice(first, last + 1), `| ${cells.slice(0, columns).join(' | ')} |`];
  lines.splice(first, last + 1 - first, ...alignTable(table));
  tree.write(readme, lines.join('\n'));
}
