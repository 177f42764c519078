import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml';
import type { ConfigProblem } from './config-problem.js';
import { resolvePlaceholders } from './placeholders.js';

export type SourcePath = readonly PropertyKey[];

/** As the yaml library counts: how many nodes one alias may expand into. */
const MAX_ALIAS_COUNT = 100;

/** Names every object has; none may be a key in an experiments file. */
const OBJECT_INTERNALS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

export interface ProblemDetails {
  readonly expected?: string;
  readonly suggestion?: string;
  /** Point at the key of the entry at `path` rather than its value (unknown or misplaced keys). */
  readonly atKey?: boolean;
}

/**
 * A parsed YAML text that remembers where every node came from, so that a problem found in the
 * plain data (by a path such as `experiments.rounding-float.control.arn`) is reported at its line
 * and column.
 */
export class SourceDocument {
  readonly problems: ConfigProblem[] = [];
  private readonly document: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(
    text: string,
    readonly file: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const error of this.document.errors) {
      this.problems.push(this.problemAtOffset(error.pos[0], `YAML syntax: ${firstLine(error.message)}`, {}));
    }
    if (this.document.errors.length === 0 && this.document.contents === null) {
      this.problems.push(
        this.problemAtOffset(0, 'the file is empty', { expected: 'a map with the key experiments' }),
      );
    }
    this.refuseObjectInternals();
  }

  /**
   * Keys such as `__proto__` or `constructor` name what every JavaScript object already has:
   * read into a plain object they vanish or change its prototype, so the experiment they name
   * would silently not exist. Refused wherever they appear.
   */
  private refuseObjectInternals(): void {
    visit(this.document, {
      Pair: (_, pair) => {
        if (!isScalar(pair.key)) return;
        const name = String(pair.key.value);
        if (!OBJECT_INTERNALS.has(name)) return;
        this.problems.push(
          this.problemAtOffset(
            pair.key.range?.[0] ?? 0,
            `'${name}' cannot be a key: it names a property every object has`,
            { expected: 'another name' },
          ),
        );
      },
    });
  }

  /** Fills in placeholders in every string value, reporting each one the environment lacks. */
  resolvePlaceholders(env: Readonly<Record<string, string | undefined>>): void {
    visit(this.document, {
      Scalar: (key, node) => {
        if (key === 'key' || typeof node.value !== 'string') return;
        const { value, unresolved } = resolvePlaceholders(node.value, env);
        node.value = value;
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        const blockScalar = node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL';
        for (const missing of unresolved) {
          const start = node.range?.[0] ?? 0;
          const offset = blockScalar ? start : start + missing.index + (quoted ? 1 : 0);
          const names = missing.variables.join(' or ');
          this.problems.push(
            this.problemAtOffset(offset, `${missing.placeholder} cannot be filled in: ${names} is not set`, {
              expected: `the environment variable ${names}`,
            }),
          );
        }
      },
    });
  }

  /**
   * The plain data. An alias expanding into more than `MAX_ALIAS_COUNT` nodes (a "billion laughs"
   * bomb) is refused at the first alias rather than expanded.
   */
  toJS(): unknown {
    try {
      return this.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      if (!/alias/i.test((error as Error).message)) throw error;
      let offset = 0;
      visit(this.document, {
        Alias: (_, node) => {
          offset = node.range?.[0] ?? 0;
          return visit.BREAK;
        },
      });
      this.problems.push(
        this.problemAtOffset(offset, 'aliases expand too far (more than 100 nodes each)', {
          expected: 'a file without alias expansion bombs',
        }),
      );
      return undefined;
    }
  }

  /** Records a problem at the node `path` leads to, or at the deepest part of it that exists. */
  report(path: SourcePath, message: string, details: ProblemDetails = {}): void {
    this.problems.push(this.problemAt(path, message, details));
  }

  problemAt(path: SourcePath, message: string, details: ProblemDetails = {}): ConfigProblem {
    const found = this.locate(path);
    const node = details.atKey ? (found.key ?? found.value) : (found.value ?? found.key);
    return this.problemAtOffset(node?.range?.[0] ?? 0, message, details);
  }

  /** The key node of the entry holding `path`'s parent (where a missing key belongs). */
  problemAtParent(path: SourcePath, message: string, details: ProblemDetails = {}): ConfigProblem {
    return this.problemAt(path.slice(0, -1), message, { ...details, atKey: true });
  }

  private locate(path: SourcePath): { value?: Node; key?: Node } {
    let value: Node | undefined = (this.document.contents as Node | null) ?? undefined;
    let key: Node | undefined;
    for (const segment of path) {
      if (isMap(value)) {
        const pair = value.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) return { value, key };
        key = pair.key as Node;
        value = (pair.value as Node | null) ?? undefined;
        if (value === undefined || value.range === undefined || value.range === null) value = key;
      } else if (isSeq(value) && typeof segment === 'number' && value.items[segment] !== undefined) {
        key = undefined;
        value = value.items[segment] as Node;
      } else {
        return { value, key };
      }
    }
    return { value, key };
  }

  private problemAtOffset(offset: number, message: string, details: ProblemDetails): ConfigProblem {
    const { line, col } = this.lines.linePos(offset);
    return Object.freeze({
      file: this.file,
      line,
      column: col,
      message,
      ...(details.expected === undefined ? {} : { expected: details.expected }),
      ...(details.suggestion === undefined ? {} : { suggestion: details.suggestion }),
    });
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
