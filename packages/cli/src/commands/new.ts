import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { isMap, isScalar, parse, parseDocument, type YAMLMap } from 'yaml';
import { CliError } from '../cli-error.js';
import { workspaceRoot } from '../local-cloud-client.js';

export const candidateLanguages = ['node', 'python', 'go', 'java', 'ruby'] as const;
export type CandidateLanguage = (typeof candidateLanguages)[number];

const languageOfRuntime: ReadonlyArray<[RegExp, CandidateLanguage, string]> = [
  [/^nodejs/, 'node', 'Node'],
  [/^python/, 'python', 'Python'],
  [/^provided/, 'go', 'Go'],
  [/^java/, 'java', 'Java'],
  [/^ruby/, 'ruby', 'Ruby'],
];

/** Build outputs and caches: never part of a fork. */
const notForked = new Set([
  'target',
  'bootstrap',
  '.serverless',
  '__pycache__',
  '.pytest_cache',
  'node_modules',
]);

export interface ForkOptions {
  /** `round`, `sort`, `fizzbuzz`, `pbkdf2`: a folder under `functions/`. */
  function: string;
  language: CandidateLanguage;
  /** The part after `candidate-<function>-`; defaults to the language, numbered if taken. */
  name?: string;
  /** The experiments file to register the candidate in, relative to the root. */
  experimentsFile?: string;
  /**
   * Another memory size (MB) for the fork: then it copies the control when the control is in
   * that language, so that memory is the one thing that differs (challenge 7).
   */
  memory?: number;
}

export interface ForkedCandidate {
  /** Service, Lambda function and Nx project name, e.g. `candidate-round-go-2`. */
  service: string;
  /** The new variant's directory, relative to the root. */
  dir: string;
  /** The variant it was copied from, relative to the root. */
  source: string;
  /** The experiment it was added to and under which key, or null when none serves its path. */
  experiment: { id: string; candidate: string } | null;
}

interface Variant {
  dir: string;
  service: string;
  runtime: string;
  memorySize: number;
  language: CandidateLanguage;
}

function readVariant(functionDir: string, dir: string): Variant | undefined {
  const file = path.join(functionDir, dir, 'serverless.yml');
  if (!existsSync(file)) return undefined;
  const config = parse(readFileSync(file, 'utf8'));
  const runtime = String(config?.provider?.runtime ?? '');
  const language = languageOfRuntime.find(([pattern]) => pattern.test(runtime))?.[1];
  if (!language || typeof config.service !== 'string') return undefined;
  return {
    dir,
    service: config.service,
    runtime,
    memorySize: Number(config.provider.memorySize ?? 1024),
    language,
  };
}

/** The variant to copy: `candidate-<lang>` if there is one, else the control, else any in that language. */
function sourceVariant(variants: Variant[], language: CandidateLanguage): Variant | undefined {
  const inLanguage = variants.filter((variant) => variant.language === language);
  return (
    inLanguage.find((variant) => variant.dir === `candidate-${language}`) ??
    inLanguage.find((variant) => variant.dir.startsWith('control-')) ??
    inLanguage[0]
  );
}

function chooseName(functionDir: string, base: string, name?: string): string {
  if (name !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      throw new CliError(`--name '${name}' must be lowercase letters, digits and dashes`);
    }
    if (existsSync(path.join(functionDir, `candidate-${name}`))) {
      throw new CliError(
        `${path.join(functionDir, `candidate-${name}`)} exists already; choose another --name`,
      );
    }
    return name;
  }
  for (let n = 1; n <= 99; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!existsSync(path.join(functionDir, `candidate-${candidate}`))) return candidate;
  }
  throw new CliError(`every name from candidate-${base} to candidate-${base}-99 is taken; choose a --name`);
}

/** Sets `provider.memorySize` in place (the line as written, the rest of the file byte for byte). */
function setMemorySize(file: string, memoryMb: number): void {
  const text = readFileSync(file, 'utf8');
  const provider = /^provider:\n((?:[ \t].*\n|\n)*)/m.exec(text);
  const line = provider ? /^([ \t]+memorySize:[ \t]*)\d+/m.exec(provider[1]!) : null;
  let updated: string;
  if (provider && line) {
    const at = provider.index + 'provider:\n'.length + line.index;
    updated = `${text.slice(0, at)}${line[1]}${memoryMb}${text.slice(at + line[0].length)}`;
  } else {
    const document = parseDocument(text);
    document.setIn(['provider', 'memorySize'], memoryMb);
    updated = document.toString({ lineWidth: 110 });
  }
  if (Number(parse(updated)?.provider?.memorySize) !== memoryMb) {
    throw new CliError(`${file}: could not set provider.memorySize to ${memoryMb}`);
  }
  writeFileSync(file, updated);
}

function memorySize(value: string): number {
  const megabytes = Number(value);
  if (!Number.isInteger(megabytes) || megabytes < 128 || megabytes > 10_240) {
    throw new InvalidArgumentError("Lambda's memory sizes are whole megabytes from 128 to 10240");
  }
  return megabytes;
}

/** Renames the service everywhere it appears: serverless.yml, pom.xml's artifactId, go.mod's module. */
function renameInFiles(dir: string, from: string, to: string): void {
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(dir, entry);
    if (!statSync(file).isFile()) continue;
    const text = readFileSync(file);
    if (text.includes(0)) continue;
    const before = text.toString('utf8');
    const after = before.replaceAll(from, to);
    if (after !== before) writeFileSync(file, after);
  }
}

function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** Pads a Markdown table's cells to their column's width, as the formatter writes tables. */
export function alignTable(rows: readonly string[]): string[] {
  const table = rows.map(cellsOf);
  const widths = table[0]!.map((_, column) =>
    Math.max(3, ...table.filter((_, row) => row !== 1).map((cells) => (cells[column] ?? '').length)),
  );
  return table.map((cells, row) =>
    row === 1
      ? `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`
      : `| ${widths.map((width, column) => (cells[column] ?? '').padEnd(width)).join(' | ')} |`,
  );
}

/** Adds the new variant as a row of the function's README table (the last table that links variants). */
function addReadmeRow(functionDir: string, variant: Variant, source: Variant): void {
  const readme = path.join(functionDir, 'README.md');
  if (!existsSync(readme)) return;
  const lines = readFileSync(readme, 'utf8').split('\n');
  const last = lines.findLastIndex((line) => line.startsWith('| [') && line.includes(']('));
  if (last < 0) return;
  let first = last;
  while (first > 0 && lines[first - 1]!.startsWith('|')) first--;
  const columns = cellsOf(lines[first]!).length;
  const language = languageOfRuntime.find(([, id]) => id === variant.language)![2];
  const cells = [
    `[${variant.dir}](${variant.dir})`,
    `\`${variant.service}\``,
    `${language} (\`${variant.runtime}\`)`,
    `${variant.memorySize} MB`,
  ];
  while (cells.length < columns - 1) cells.push('');
  cells.push(`forked from [${source.dir}](${source.dir})`);
  const table = [...lines.slice(first, last + 1), `| ${cells.slice(0, columns).join(' | ')} |`];
  lines.splice(first, last + 1 - first, ...alignTable(table));
  writeFileSync(readme, lines.join('\n'));
}

/**
 * The file with one line added after the last candidate's, in the file's own indentation, so the
 * rest of it (comments, layout) stays byte for byte; null when there is no candidate to follow.
 */
function insertAfterLastCandidate(text: string, candidates: YAMLMap, line: string): string | null {
  if (candidates.items.length === 0) return replaceEmptyCandidates(text, candidates, line);
  const last = candidates.items.at(-1);
  const keyStart = isScalar(last?.key) ? last.key.range?.[0] : undefined;
  const valueEnd = (last?.value as { range?: [number, number, number] } | null)?.range?.[1];
  if (keyStart === undefined || valueEnd === undefined) return null;
  const indent = keyStart - text.lastIndexOf('\n', keyStart - 1) - 1;
  const lineEnd = text.indexOf('\n', valueEnd);
  const at = lineEnd < 0 ? text.length : lineEnd;
  return `${text.slice(0, at)}\n${' '.repeat(indent)}${line}${text.slice(at)}`;
}

/**
 * The file with an empty `candidates: {}` turned into a block holding one line, indented one
 * step deeper than `candidates:` itself; null when the map is not written as `{}`.
 */
function replaceEmptyCandidates(text: string, candidates: YAMLMap, line: string): string | null {
  const [start, end] = candidates.range ?? [];
  if (start === undefined || end === undefined || text.slice(start, end).trim() !== '{}') return null;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^\s*/.exec(text.slice(lineStart))![0].length + 2;
  const valueEnd = start + text.slice(start, end).indexOf('}') + 1;
  return `${text.slice(0, start).trimEnd()}\n${' '.repeat(indent)}${line}${text.slice(valueEnd)}`;
}

/** Registers the candidate in the experiment whose path is the function's. */
function registerCandidate(
  file: string,
  functionName: string,
  key: string,
  displayName: string,
  service: string,
): ForkedCandidate['experiment'] {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const document = parseDocument(text);
  const experiments = document.get('experiments');
  if (!isMap(experiments))
    throw new CliError(`${file}: no 'experiments' mapping to register the candidate in`);
  for (const item of experiments.items) {
    const experiment = item.value;
    if (!isMap(experiment) || experiment.get('path') !== functionName) continue;
    const id = String(isScalar(item.key) ? item.key.value : item.key);
    const candidates = experiment.get('candidates');
    if (isMap(candidates) && candidates.has(key)) {
      throw new CliError(
        `${file}: experiment '${id}' already has a candidate '${key}'; choose another --name`,
      );
    }
    const arn = `arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${service}`;
    let updated = isMap(candidates)
      ? insertAfterLastCandidate(
          text,
          candidates,
          `${key}: { name: ${JSON.stringify(displayName)}, arn: "${arn}" }`,
        )
      : null;
    if (updated === null) {
      // No candidate line to follow: let the YAML library write the file.
      const entry = document.createNode({ name: displayName, arn });
      entry.flow = true;
      if (isMap(candidates)) candidates.set(key, entry);
      else experiment.set('candidates', document.createNode({ [key]: entry }));
      updated = document.toString({ lineWidth: 110 });
    }
    const check = parse(updated)?.experiments?.[id]?.candidates?.[key];
    if (check?.arn !== arn)
      throw new CliError(`${file}: could not add candidate '${key}' to experiment '${id}'`);
    writeFileSync(file, updated);
    return { id, candidate: key };
  }
  return null;
}

/**
 * Forks a candidate: copies the function's variant in that language (a fizzbuzz skeleton, or a
 * working candidate), renames it, adds it to the README's table and registers it in the experiment.
 */
export function forkCandidate(root: string, options: ForkOptions): ForkedCandidate {
  const functionDir = path.join(root, 'functions', options.function);
  if (!existsSync(functionDir) || !statSync(functionDir).isDirectory()) {
    const known = existsSync(path.join(root, 'functions'))
      ? readdirSync(path.join(root, 'functions'), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => entry.name)
      : [];
    throw new CliError(
      `no function '${options.function}' in functions/; there are ${known.join(', ') || 'none'}`,
    );
  }
  const variants = readdirSync(functionDir)
    .sort()
    .map((dir) => readVariant(functionDir, dir))
    .filter((variant): variant is Variant => variant !== undefined);
  const control = variants.find((variant) => variant.dir.startsWith('control-'));
  const source =
    options.memory !== undefined && control?.language === options.language
      ? control
      : sourceVariant(variants, options.language);
  if (!source) {
    throw new CliError(`functions/${options.function} has no ${options.language} variant to fork`);
  }
  const suffix = chooseName(
    functionDir,
    options.memory === undefined ? options.language : `${options.language}-${options.memory}`,
    options.name,
  );
  const dir = `candidate-${suffix}`;
  const service = `candidate-${options.function}-${suffix}`;
  if (service.length > 64)
    throw new CliError(`'${service}' is longer than Lambda's 64 characters; shorten --name`);

  cpSync(path.join(functionDir, source.dir), path.join(functionDir, dir), {
    recursive: true,
    filter: (from) => !notForked.has(path.basename(from)),
  });
  renameInFiles(path.join(functionDir, dir), source.service, service);
  if (options.memory !== undefined)
    setMemorySize(path.join(functionDir, dir, 'serverless.yml'), options.memory);
  addReadmeRow(
    functionDir,
    { ...source, dir, service, memorySize: options.memory ?? source.memorySize },
    source,
  );
  const language = languageOfRuntime.find(([, id]) => id === options.language)![2];
  const experiment = registerCandidate(
    path.join(root, options.experimentsFile ?? 'packages/scientist/experiments.yaml'),
    options.function,
    dir,
    options.memory === undefined
      ? `${options.function} ${language} (${suffix})`
      : `${options.function} ${language} ${options.memory} MB`,
    service,
  );
  return {
    service,
    dir: path.join('functions', options.function, dir),
    source: path.join('functions', options.function, source.dir),
    experiment,
  };
}

export function newCandidateCommand(): Command {
  const candidate = new Command('candidate')
    .description('fork a candidate of a function in your language, registered in its experiment')
    .argument('<function>', 'round, sort, fizzbuzz or pbkdf2 (a folder under functions/)')
    .addOption(
      new Option('--lang <language>', 'the language to write it in')
        .choices(candidateLanguages)
        .makeOptionMandatory(),
    )
    .option(
      '--name <name>',
      'the name after candidate-<function>- (default: the language, numbered if taken)',
    )
    .option('--experiments <file>', 'the experiments file', 'packages/scientist/experiments.yaml')
    .option(
      '--memory <MB>',
      'another memory size: forks the control (in that language) with only its memorySize changed',
      memorySize,
    )
    .action(
      (
        functionName: string,
        options: { lang: CandidateLanguage; name?: string; experiments: string; memory?: number },
      ) => {
        const root = workspaceRoot();
        const forked = forkCandidate(root, {
          function: functionName,
          language: options.lang,
          name: options.name,
          experimentsFile: options.experiments,
          ...(options.memory === undefined ? {} : { memory: options.memory }),
        });
        const lines = [
          `created ${forked.dir} (service ${forked.service}), forked from ${forked.source}`,
          forked.experiment
            ? `registered as '${forked.experiment.candidate}' in experiment '${forked.experiment.id}' (${options.experiments}); run \`scientist experiments upload\` to publish`
            : `not registered: no experiment in ${options.experiments} has path '${functionName}'`,
          `next: edit it, then \`npx scientist deploy ${forked.dir}\``,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      },
    );
  return new Command('new')
    .description('create something new from a template: `new candidate`')
    .addCommand(candidate);
}
