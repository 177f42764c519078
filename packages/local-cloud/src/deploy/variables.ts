import { type DocumentPath, pathKey, type ServerlessDocument } from './serverless-document.js';

/** What `${opt:…}`, `${env:…}` and `${aws:…}` read from. */
export interface VariableSources {
  /** CLI options as `serverless deploy` takes them: `stage`, `region`, … */
  options: Readonly<Record<string, string | undefined>>;
  env: Readonly<Record<string, string | undefined>>;
  accountId: string;
  defaultStage: string;
  defaultRegion: string;
}

const unresolved = Symbol('unresolved');

/**
 * Serverless Framework v3 variables: `${self:…}`, `${opt:…}`, `${sls:stage}`, `${env:…}`,
 * `${aws:accountId|region}`, with comma-separated fallbacks (`${opt:stage, 'dev'}`) and nesting.
 * Values are resolved only when read, so an unsupported source in a part the local cloud does
 * not use (a plugin's `custom:` block) does not stop a deploy.
 */
export class VariableResolver {
  private readonly resolving = new Set<string>();

  constructor(
    private readonly document: ServerlessDocument,
    private readonly sources: VariableSources,
  ) {}

  get stage(): string {
    const fromProvider = this.resolve(['provider', 'stage']);
    return (
      this.sources.options.stage ?? (fromProvider == null ? this.sources.defaultStage : String(fromProvider))
    );
  }

  get region(): string {
    const fromProvider = this.resolve(['provider', 'region']);
    return (
      this.sources.options.region ??
      (fromProvider == null ? this.sources.defaultRegion : String(fromProvider))
    );
  }

  /** The value at `path` with every variable inside it resolved. */
  resolve(path: DocumentPath): unknown {
    const key = pathKey(path);
    if (this.resolving.has(key)) {
      throw this.document.error(path, `variable cycle: ${[...this.resolving, key].join(' → ')}`);
    }
    this.resolving.add(key);
    try {
      return this.resolveValue(this.document.get(path), path);
    } finally {
      this.resolving.delete(key);
    }
  }

  private resolveValue(value: unknown, path: DocumentPath): unknown {
    if (typeof value === 'string') return this.resolveString(value, path);
    if (Array.isArray(value)) return value.map((item, index) => this.resolveValue(item, [...path, index]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, this.resolveValue(item, [...path, key])]),
      );
    }
    return value;
  }

  private resolveString(text: string, path: DocumentPath): unknown {
    const first = text.indexOf('${');
    if (first < 0) return text;
    const end = matchingBrace(text, first);
    if (end < 0) throw this.document.error(path, `unterminated variable in '${text}'`);
    const whole = first === 0 && end === text.length - 1;
    const value = this.resolveExpression(text.slice(first + 2, end), path);
    if (whole) return value;
    const rest = this.resolveString(text.slice(end + 1), path);
    return `${text.slice(0, first)}${stringify(value)}${stringify(rest)}`;
  }

  /** `source:address, fallback, …` with any nested `${…}` resolved first. */
  private resolveExpression(expression: string, path: DocumentPath): unknown {
    const flattened = stringify(this.resolveString(expression, path));
    const [reference, ...fallbacks] = splitTopLevel(flattened);
    for (const candidate of [reference ?? '', ...fallbacks]) {
      // An explicit `null` fallback leaves the setting unset, as the Serverless Framework does.
      if (candidate.trim() === 'null' && candidate !== reference) return null;
      const value = this.resolveTerm(candidate.trim(), path);
      if (value !== unresolved && value !== undefined && value !== null) return value;
    }
    throw this.document.error(
      path,
      `cannot resolve variable \${${expression}}: ${reference?.trim()} has no value and no fallback was given`,
    );
  }

  private resolveTerm(term: string, path: DocumentPath): unknown {
    if (/^'.*'$|^".*"$/s.test(term)) return term.slice(1, -1);
    if (/^-?\d+(\.\d+)?$/.test(term)) return Number(term);
    if (term === 'true' || term === 'false') return term === 'true';
    if (term === 'null') return unresolved;
    const colon = term.indexOf(':');
    const source = colon < 0 ? term : term.slice(0, colon);
    const address = colon < 0 ? '' : term.slice(colon + 1).trim();
    switch (source) {
      case 'self':
        return this.resolve(address === '' ? [] : address.split('.'));
      case 'opt':
        return this.sources.options[address] ?? unresolved;
      case 'env':
        return this.sources.env[address] ?? unresolved;
      case 'sls':
        if (address === 'stage') return this.stage;
        if (address === 'instanceId') return 'local';
        break;
      case 'aws':
        if (address === 'accountId') return this.sources.accountId;
        if (address === 'region') return this.region;
        break;
      case 'ssm':
      case 'cf':
      case 's3':
      case 'param':
        throw this.document.error(
          path,
          `\${${term}} reads from AWS (${source}:), which the local cloud does not emulate; use \${env:…} or \${self:custom…} for local values`,
        );
    }
    throw this.document.error(
      path,
      `unsupported variable source in \${${term}}; the local cloud resolves self:, opt:, sls:stage, env: and aws:accountId/region`,
    );
  }
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    if (text.startsWith('${', index)) {
      depth++;
      index++;
    } else if (text[index] === '}') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Splits `a, 'b,c', d` at the commas that are outside quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === ',') {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}
