import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

/**
 * The tools beyond the five runtimes that building and testing the kit needs: Maven builds the
 * Java functions, pytest runs the Python functions' tests, Chromium runs the dashboard's. Each
 * says how to install it on Debian/Ubuntu and on macOS (Homebrew).
 */
export interface Prerequisite {
  name: string;
  /** What needs it, said when it is missing. */
  neededFor: string;
  /** Resolves with a one-line description of what was found, or rejects saying what is missing. */
  find: () => Promise<string>;
  install: { debian: string; macos: string };
  /** Missing it fails `doctor` (else a warning): only the tests need the others. */
  requiredToRun: boolean;
}

/** The first line a command prints (stdout, else stderr), or a rejection when it cannot run. */
function firstLine(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: 15_000 }, (error, stdout, stderr) => {
      // Maven colours its banner even when piped.
      const text = stripVTControlCharacters(`${stdout}`.trim() || `${stderr}`.trim()).split('\n')[0] ?? '';
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new Error(
            missing
              ? `${command} not found on PATH`
              : `${[command, ...args].join(' ')}: ${text || error.message}`,
          ),
        );
        return;
      }
      resolve(text);
    });
  });
}

/** Where the dashboard's tests look for Chromium: `CHROMIUM_PATH`, else the usual install places. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ];
  return candidates.find((candidate): candidate is string => Boolean(candidate) && existsSync(candidate!));
}

export const prerequisites: readonly Prerequisite[] = [
  {
    name: 'maven',
    neededFor: 'building the Java functions',
    find: () => firstLine('mvn', ['-v']),
    install: { debian: 'sudo apt-get install -y maven', macos: 'brew install maven' },
    requiredToRun: true,
  },
  {
    name: 'pytest',
    neededFor: "the Python functions' tests",
    find: () => firstLine('python3', ['-m', 'pytest', '--version']),
    install: {
      debian: 'sudo apt-get install -y python3-pytest',
      macos: 'python3 -m pip install --user pytest',
    },
    requiredToRun: false,
  },
  {
    name: 'chromium',
    neededFor: "the dashboard's tests (set CHROMIUM_PATH if it is elsewhere)",
    find: async () => {
      const found = chromiumPath();
      if (!found)
        throw new Error('no Chromium at $CHROMIUM_PATH, /usr/bin/chromium or /Applications/Chromium.app');
      return found;
    },
    install: { debian: 'sudo apt-get install -y chromium', macos: 'brew install --cask chromium' },
    requiredToRun: false,
  },
];

/** How to install each runtime's toolchain, per platform. */
export const runtimeInstalls: Readonly<Record<string, { debian: string; macos: string }>> = {
  node: { debian: 'install Node.js 20.19 or later (nodejs.org, or nvm)', macos: 'brew install node@20' },
  python: {
    debian: 'sudo apt-get install -y python3 python3-venv python3-pip',
    macos: 'brew install python@3.12',
  },
  ruby: { debian: 'sudo apt-get install -y ruby', macos: 'brew install ruby' },
  java: { debian: 'sudo apt-get install -y openjdk-17-jdk maven', macos: 'brew install openjdk@17 maven' },
  go: {
    debian: 'install Go 1.24 or later from go.dev/dl (Debian 12 packages Go 1.19, too old)',
    macos: 'brew install go',
  },
};

/** The install command for this machine's platform. */
export function installFor(install: { debian: string; macos: string }, platform = process.platform): string {
  return platform === 'darwin' ? install.macos : install.debian;
}
