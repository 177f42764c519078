import { execFile, spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionDefinition } from '../../lambda/function-definition.js';
import { firstExecutable, onPath } from '../executable.js';
import { installRuntimeClientOnce } from '../runtime-client-install.js';
import type { LaunchSpec, RuntimeLauncher } from '../runtime-launcher.js';

/**
 * AWS's own runtime interface client (com.amazonaws:aws-lambda-java-runtime-interface-client), run
 * unchanged: it loads the handler, (de)serialises with aws-lambda-java-serialization exactly as the
 * managed java17/java21 runtimes do, and started faster here than a hand-written client would
 * (docs/decisions/0005-runtime-interface-clients.md).
 */
export const javaRuntimeMainClass = 'com.amazonaws.services.lambda.runtime.api.client.AWSLambda';

// The Maven project that resolves the client lives beside this file's source; its output is git-ignored.
function projectDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return here.replace(/([/\\])dist([/\\])runtimes/, '$1src$2runtimes');
}

export function javaRuntimeLibDir(): string {
  return path.join(projectDir(), 'target', 'lib');
}

export class JavaRuntimeClientBuildError extends Error {
  constructor(detail: string) {
    super(
      `Could not build the Java runtime client (mvn package in ${projectDir()}, which downloads from Maven Central ` +
        `on first use): ${detail}`,
    );
    this.name = 'JavaRuntimeClientBuildError';
  }
}

const buildTimeoutMs = 600_000;

/** Builds the runtime client's classpath once (downloads from Maven Central the first time). */
export function prepareJavaRuntime(): Promise<string> {
  const target = javaRuntimeLibDir();
  if (existsSync(target)) return Promise.resolve(target);
  // The lock also keeps two Maven builds out of the one project directory at the same time.
  return installRuntimeClientOnce(target, mavenBuild, { timeoutMs: buildTimeoutMs });
}

function mavenBuild(staging: string): Promise<void> {
  const args = ['-q', '-B', '-f', path.join(projectDir(), 'pom.xml'), 'package', `-Druntime.lib=${staging}`];
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: buildTimeoutMs });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new JavaRuntimeClientBuildError(error.message)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new JavaRuntimeClientBuildError(`mvn exited with ${code ?? signal}: ${output.trim()}`));
    });
  });
}

let javaBinary: string | undefined;

/** The real java binary by absolute path: $JAVA_HOME/bin/java, else `java` on PATH with links resolved. */
export function javaExecutable(): string {
  if (javaBinary) return javaBinary;
  const candidates = [
    ...(process.env.JAVA_HOME ? [path.join(process.env.JAVA_HOME, 'bin', 'java')] : []),
    ...onPath('java'),
  ];
  const found = firstExecutable(candidates);
  if (found) {
    javaBinary = realpathSync(found);
    return javaBinary;
  }
  throw new Error(
    'No java found ($JAVA_HOME/bin/java or java on PATH): install a JDK 17+ to run java17/java21 functions.',
  );
}

/** The function's own classes: its jar (package.artifact), else the zip layout AWS uses (classes at the root, lib/*.jar). */
export function functionClasspath(fn: FunctionDefinition): string[] {
  if (fn.artifact) {
    if (!existsSync(fn.artifact)) {
      throw new Error(
        `Function '${fn.name}' (${fn.runtime}): its artifact ${fn.artifact} does not exist; build it first (mvn package).`,
      );
    }
    return [fn.artifact];
  }
  return [fn.codeDir, path.join(fn.codeDir, 'lib', '*')];
}

// The client's own JNI library for this machine, unpacked by the build (see pom.xml for why).
function nativeLibrary(runtimeLib: string): string {
  const arch = process.arch === 'arm64' ? 'aarch_64' : 'x86_64';
  const library = path.join(runtimeLib, 'jni', `libaws-lambda-jni.linux-${arch}.so`);
  if (!existsSync(library)) {
    throw new JavaRuntimeClientBuildError(`${library} is missing: delete ${runtimeLib} to rebuild it`);
  }
  return library;
}

// The managed runtime sizes the heap at about 85% of the function's memory.
function maxHeapMb(memorySizeMb: number): number {
  return Math.max(16, Math.floor(memorySizeMb * 0.85));
}

export const javaLauncher: RuntimeLauncher = {
  language: 'java',
  supports: (runtime) => /^java\d+(\.al2)?$/.test(runtime),
  launch(fn: FunctionDefinition, env: Record<string, string>): LaunchSpec {
    const runtimeLib = javaRuntimeLibDir();
    // Deploys prepare the runtime; launching never builds (that would block every invocation meanwhile).
    if (!existsSync(runtimeLib)) {
      throw new JavaRuntimeClientBuildError(
        `${runtimeLib} is missing: deploy the function again to build the runtime client`,
      );
    }
    const classpath = [...functionClasspath(fn), path.join(runtimeLib, '*')].join(path.delimiter);
    return {
      command: javaExecutable(),
      args: [
        // The managed runtime's start-up flags: C1 only, serial GC, class-data sharing.
        '-XX:TieredStopAtLevel=1',
        '-XX:+UseSerialGC',
        '-Xshare:auto',
        `-XX:MaxHeapSize=${maxHeapMb(fn.memorySizeMb)}m`,
        '-Djava.net.preferIPv4Stack=true',
        // No hsperfdata files: many JVMs starting at once would otherwise share memory-mapped files under
        // /tmp/hsperfdata_<user>, keyed by pids that get reused.
        '-XX:-UsePerfData',
        // A crash report goes to the temporary directory (as on AWS, where the task root is read-only),
        // never into the function's code directory.
        `-XX:ErrorFile=${path.join(os.tmpdir(), 'hs_err_pid%p.log')}`,
        `-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=${nativeLibrary(runtimeLib)}`,
        '-cp',
        classpath,
        javaRuntimeMainClass,
        env._HANDLER ?? fn.handler,
      ],
      env: { ...env, AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}` },
      cwd: fn.codeDir,
    };
  },
  async prepare() {
    await prepareJavaRuntime();
  },
  toolchain() {
    return new Promise((resolve) => {
      let java: string;
      try {
        java = javaExecutable();
      } catch (error) {
        resolve({ ok: false, detail: (error as Error).message });
        return;
      }
      execFile(java, ['-version'], { timeout: 10_000 }, (error, _stdout, stderr) => {
        if (error) {
          resolve({ ok: false, detail: `${java} -version failed: ${error.message}` });
          return;
        }
        const version = stderr.split('\n')[0]?.trim() ?? 'java';
        const client = existsSync(javaRuntimeLibDir())
          ? 'runtime interface client built'
          : 'runtime interface client will be built with mvn on first use';
        resolve({ ok: true, detail: `${version} at ${java}; ${client}` });
      });
    });
  },
};
