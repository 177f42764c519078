import { readFile } from 'node:fs/promises';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { DeployError, type SourceLocation } from './deploy-error.js';

/** A path into the document, e.g. `['functions', 'round', 'events', 0, 'http']`. */
export type DocumentPath = readonly (string | number)[];

/**
 * A serverless.yml read into plain values, remembering where each value was written so that
 * every error can point at `file:line:col`. CloudFormation short forms (`!Ref`, `!GetAtt`, …)
 * become their long forms (`{ Ref }`, `{ 'Fn::GetAtt' }`), as CloudFormation reads them.
 */
export class ServerlessDocument {
  private constructor(
    readonly file: string,
    readonly root: Record<string, unknown>,
    private readonly positions: ReadonlyMap<string, SourceLocation>,
  ) {}

  static async read(file: string): Promise<ServerlessDocument> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new DeployError(`cannot read ${file}: ${(error as Error).message}`, undefined, { cause: error });
    }
    return ServerlessDocument.parse(text, file);
  }

  static parse(text: string, file: string): ServerlessDocument {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
    const locate = (offset: number): SourceLocation => ({ file, ...lineCounter.linePos(offset) });
    const firstError = document.errors[0];
    if (firstError) {
      throw new DeployError(`invalid YAML: ${firstError.message.split('\n')[0]}`, locate(firstError.pos[0]));
    }
    const positions = new Map<string, SourceLocation>();
    const toValue = (node: unknown, path: DocumentPath): unknown => {
      if (isAlias(node)) return toValue(node.resolve(document), path);
      const yamlNode = node as Node | null;
      if (yamlNode?.range) positions.set(pathKey(path), locate(yamlNode.range[0]));
      let value: unknown;
      if (isMap(node)) {
        const object: Record<string, unknown> = {};
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          if (key === '<<') {
            Object.assign(object, { ...(toValue(pair.value, path) as object), ...object });
            continue;
          }
          const keyNode = pair.key as Node | null;
          if (keyNode?.range) positions.set(pathKey([...path, key]), locate(keyNode.range[0]));
          object[key] = toValue(pair.value, [...path, key]);
        }
        value = object;
      } else if (isSeq(node)) {
        value = node.items.map((item, index) => toValue(item, [...path, index]));
      } else if (isScalar(node)) {
        value = node.value;
      } else if (isPair(node)) {
        value = toValue(node.value, path);
      } else {
        value = node ?? null;
      }
      return withIntrinsicTag(yamlNode?.tag, value);
    };
    const root = toValue(document.contents, []);
    if (root === null || root === undefined)
      throw new DeployError('the file is empty', { file, line: 1, col: 1 });
    if (typeof root !== 'object' || Array.isArray(root)) {
      throw new DeployError('expected a mapping at the top level', positions.get(pathKey([])));
    }
    return new ServerlessDocument(file, root as Record<string, unknown>, positions);
  }

  /** The raw (unresolved) value at `path`, or undefined. */
  get(path: DocumentPath): unknown {
    let current: unknown = this.root;
    for (const segment of path) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string | number, unknown>)[segment];
    }
    return current;
  }

  /** Where `path` (or its nearest written ancestor) was written. */
  locate(path: DocumentPath): SourceLocation {
    for (let length = path.length; length >= 0; length--) {
      const found = this.positions.get(pathKey(path.slice(0, length)));
      if (found) return found;
    }
    return { file: this.file, line: 1, col: 1 };
  }

  error(path: DocumentPath, message: string): DeployError {
    return new DeployError(message, this.locate(path));
  }
}

export function pathKey(path: DocumentPath): string {
  return path.join('.');
}

const intrinsicTags = new Set([
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
]);

function withIntrinsicTag(tag: string | undefined, value: unknown): unknown {
  if (!tag?.startsWith('!')) return value;
  const name = tag.slice(1);
  if (name === 'Ref') return { Ref: value };
  if (name === 'Condition') return { Condition: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  if (intrinsicTags.has(name)) return { [`Fn::${name}`]: value };
  return value;
}
