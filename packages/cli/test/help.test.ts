import { expect, test } from 'vitest';
import { commandTable } from '../src/command-table.js';
import { createProgram } from '../src/main.js';

test('every command has a description and --help', async () => {
  const program = await createProgram();
  for (const command of program.commands) {
    expect(command.description(), command.name()).not.toBe('');
    expect(command.helpInformation()).toContain('--help');
  }
});

test('the command table names and summarises each command as the command itself does', async () => {
  for (const entry of commandTable) {
    const command = await entry.load();
    expect({ name: command.name(), summary: command.description() }).toEqual({
      name: entry.name,
      summary: entry.summary,
    });
  }
});

test('the top-level help lists every command without loading any', async () => {
  const program = await createProgram(['node', 'scientist', '--help']);
  expect(program.commands.map((command) => command.name())).toEqual(commandTable.map((entry) => entry.name));
  expect(program.commands.every((command) => command.options.length === 0)).toBe(true);
});
