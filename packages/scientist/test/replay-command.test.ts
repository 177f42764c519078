import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readGatewayRequest } from '../src/index.js';
import { replayCommand, scientistUrlFor } from '../src/runner/replay-command.js';
import { shellQuote } from '../src/runner/shell-quote.js';
import { restEvent } from './support/gateway-events.js';

/**
 * Runs `command` in bash with `curl` replaced by a function that prints its arguments, and a
 * DEBUG trap that names every top-level command bash runs: an injection shows as a second one.
 */
function traced(command: string): { commands: string[]; argv: string[] } {
  const script = `trap 'printf "%s\\0" "$BASH_COMMAND" >&2' DEBUG\ncurl() { printf '%s\\0' "$@"; }\n${command}\n`;
  const run = spawnSync('/bin/bash', ['--norc', '--noprofile', '-c', script], {
    encoding: 'utf8',
    env: { PATH: '/nonexistent' },
  });
  const words = (text: string) => (text === '' ? [] : text.slice(0, -1).split('\0'));
  return { commands: words(run.stderr), argv: words(run.stdout) };
}

/** One curl, and nothing else, ran. */
function expectOnlyCurl(run: { commands: string[] }): void {
  expect(run.commands).toHaveLength(1);
  expect(run.commands[0]).toMatch(/^curl /);
}

const scientistUrl = 'http://127.0.0.1:3000/scientist/dev';

function requestWith(headers: Record<string, string>, body?: string) {
  const event = restEvent('POST', 'round', { number: '1.5' }, body);
  return readGatewayRequest({ ...event, headers: { ...event.headers, ...headers }, multiValueHeaders: {} });
}

describe('the replay curl', () => {
  test('goes to the scientist, whatever Host and X-Forwarded-Proto the client sent', () => {
    const hostile = restEvent('GET', 'round', { number: '1.5' });
    const event = {
      ...hostile,
      headers: {
        ...hostile.headers,
        host: 'elsewhere.example',
        'x-forwarded-proto': "x' ; touch /tmp/pwned ; echo '",
      },
      requestContext: { ...hostile.requestContext, domainName: "evil' ; id ; '" },
    };
    const local = scientistUrlFor(event, {
      localGatewayUrl: 'http://127.0.0.1:3000',
      service: 'scientist',
      stage: 'dev',
    });
    expect(replayCommand(readGatewayRequest(event), local)).toBe(
      "curl -sS -X GET 'http://127.0.0.1:3000/scientist/dev/round?number=1.5'",
    );
    // On AWS the domain API Gateway writes; one that is not a host name is not trusted.
    expect(scientistUrlFor(event, { service: 'scientist', stage: 'dev' })).toBe(
      'https://SCIENTIST-DOMAIN/dev',
    );
    expect(
      scientistUrlFor(
        { requestContext: { domainName: 'abc123.execute-api.eu-west-1.amazonaws.com', stage: 'dev' } },
        { service: 'scientist', stage: 'dev' },
      ),
    ).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/dev');
    expect(
      scientistUrlFor({}, { configuredUrl: 'https://science.example/', service: 'scientist', stage: 'dev' }),
    ).toBe('https://science.example');
  });

  test('runs curl and only curl, with exactly the request, for hostile content types and bodies', () => {
    const hostile = [
      "x' ; touch /tmp/pwned ; echo '",
      '$(touch /tmp/pwned)',
      '`id`',
      "'\\''",
      'a\nb; id',
      '"; id; "',
      '\\',
      '!!',
    ];
    for (const value of hostile) {
      const run = traced(replayCommand(requestWith({ 'content-type': value }, value), scientistUrl));
      expectOnlyCurl(run);
      expect(run.argv, value).toEqual([
        '-sS',
        '-X',
        'POST',
        `${scientistUrl}/round?number=1.5`,
        '-H',
        `content-type: ${value}`,
        '--data-raw',
        value,
      ]);
    }
  });

  test('property: for any content type, body, path and query, the shell runs one curl with exactly those words', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((value) => !value.includes('\0'));
    fc.assert(
      fc.property(text, text, text, text, (contentType, body, path, query) => {
        const request = {
          ...requestWith({ 'content-type': contentType }, body),
          path,
          query,
        };
        const command = replayCommand(request, scientistUrl);
        const run = traced(command);
        expectOnlyCurl(run);
        expect(run.argv).toEqual([
          '-sS',
          '-X',
          'POST',
          `${scientistUrl}/${path}${query ? `?${query}` : ''}`,
          '-H',
          `content-type: ${contentType}`,
          '--data-raw',
          body,
        ]);
      }),
      { numRuns: 150 },
    );
    // One bash per run: slow on a loaded machine, never slow by the code under test.
  }, 60_000);

  test('quotes one word so that the shell reads it back unchanged, and refuses NUL', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }).filter((value) => !value.includes('\0')),
        (word) => {
          const run = traced(`curl ${shellQuote(word)}`);
          expectOnlyCurl(run);
          expect(run.argv).toEqual([word]);
        },
      ),
      { numRuns: 100 },
    );
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  }, 60_000);
});
