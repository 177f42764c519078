/** Words made only of these mean the same to every shell unquoted (as Python's `shlex.quote`). */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One word for a POSIX shell (sh, bash, zsh): as is when plain, else single-quoted, so nothing
 * inside is expanded, substituted or run; a `'` inside closes the quote, adds an escaped `'` and
 * reopens it. The only character a shell argument cannot carry is NUL: such a value is refused,
 * not cut short.
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new RangeError('a shell argument cannot contain a NUL character');
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/** Whether `shellQuote` can carry the value unchanged. */
export function isShellSafe(word: string): boolean {
  return !word.includes('\0');
}
