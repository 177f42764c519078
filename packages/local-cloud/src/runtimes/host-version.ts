import { execFileSync, spawnSync } from 'node:child_process';
import { javaExecutable } from './java/java-launcher.js';
import { pythonInterpreterFor } from './python/python-interpreter.js';
import { rubyInterpreter } from './ruby/ruby-launcher.js';

/** Each host interpreter's version, asked once: the answer does not change while the cloud runs. */
const asked = new Map<string, string | undefined>();

function ask(language: string, probe: () => string): string | undefined {
  if (!asked.has(language)) {
    try {
      asked.set(language, probe().trim());
    } catch {
      asked.set(language, undefined);
    }
  }
  return asked.get(language);
}

/**
 * What runs a declared runtime here when it is another version than AWS runs (Node 20 for
 * nodejs24.x, Python 3.11 for python3.14, Java 17 for java25, Debian's Ruby for ruby4.0): said in
 * `scientist doctor` and in the REPORT line's note, since behaviour and speed may differ. Undefined
 * when the versions agree, for runtimes without a version (provided.*), or when none is installed.
 */
export function hostVersionNote(runtime: string): string | undefined {
  const node = /^nodejs(\d+)\.x$/.exec(runtime);
  if (node) {
    const host = process.versions.node;
    return host.split('.')[0] === node[1] ? undefined : `${runtime} runs on Node ${host} here`;
  }
  if (/^python3\.\d+$/.test(runtime)) {
    const host = ask(`python:${runtime}`, () => pythonInterpreterFor(runtime).version);
    return host === undefined || `python${host}` === runtime
      ? undefined
      : `${runtime} runs on Python ${host} here`;
  }
  const ruby = /^ruby(\d+\.\d+)$/.exec(runtime);
  if (ruby) {
    const host = ask('ruby', () =>
      execFileSync(rubyInterpreter(), ['--disable-gems', '-e', 'print RUBY_VERSION'], { encoding: 'utf8' }),
    );
    return host === undefined || host.startsWith(`${ruby[1]}.`)
      ? undefined
      : `${runtime} runs on Ruby ${host} here`;
  }
  const java = /^java(\d+)/.exec(runtime);
  if (java) {
    // `java -version` writes to stderr: `openjdk version "17.0.13" …`.
    const host = ask('java', () => {
      const banner = spawnSync(javaExecutable(), ['-version'], { encoding: 'utf8' }).stderr;
      const major = /version "(?:1\.)?(\d+)/.exec(banner)?.[1];
      if (!major) throw new Error('no version in java -version');
      return major;
    });
    return host === undefined || host === java[1] ? undefined : `${runtime} runs on Java ${host} here`;
  }
  return undefined;
}
