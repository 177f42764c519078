import { expect, test } from 'vitest';
import { createProgram } from '../src/main.js';

test('every command has a description and --help', () => {
  const program = createProgram();
  for (const command of program.commands) {
    expect(command.description(), command.name()).not.toBe('');
    expect(command.helpInformation()).toContain('--help');
  }
});
