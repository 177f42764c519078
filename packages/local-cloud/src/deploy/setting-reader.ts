import { formatLocation } from './deploy-error.js';
import { evaluateIntrinsics, type IntrinsicContext } from './intrinsics.js';
import type { DocumentPath, ServerlessDocument } from './serverless-document.js';
import type { SettingsTable } from './supported-settings.js';
import type { VariableResolver } from './variables.js';

/**
 * Reads resolved values out of one serverless.yml: each read either gives a value of the expected
 * shape or throws a DeployError at the value's `file:line:col`; settings without local effect add a
 * warning at theirs.
 */
export class SettingReader {
  readonly warnings: string[] = [];

  constructor(
    readonly document: ServerlessDocument,
    readonly resolver: VariableResolver,
  ) {}

  resolve(where: DocumentPath): unknown {
    return this.resolver.resolve(where);
  }

  /** `file:line:col` of a value. */
  at(where: DocumentPath): string {
    return formatLocation(this.document.locate(where));
  }

  warn(where: DocumentPath, message: string): void {
    this.warnings.push(`${this.at(where)}: ${message}`);
  }

  /** Checks every key of the mapping at `where` against its table of supported settings. */
  check(
    where: DocumentPath,
    keys: readonly string[],
    table: SettingsTable,
    messages: { ignored(key: string): string; unknown(key: string): string },
  ): void {
    for (const key of keys) {
      const handling = table.handlingOf(key);
      if (handling === undefined) throw this.document.error([...where, key], messages.unknown(key));
      if (handling.kind === 'unsupported') throw this.document.error([...where, key], handling.reason);
      if (handling.kind === 'ignored') this.warn([...where, key], messages.ignored(key));
    }
  }

  /** The mapping at `where`, `{}` when absent. */
  mapping(where: DocumentPath, what: string): Record<string, unknown> {
    const value = this.resolver.resolve(where);
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value))
      throw this.document.error(where, `${what} must be a mapping`);
    return value as Record<string, unknown>;
  }

  /** A positive number, `fallback` when absent. */
  positiveNumber<T extends number | undefined>(where: DocumentPath, fallback: T): number | T {
    const value = this.resolver.resolve(where);
    if (value === undefined || value === null) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0)
      throw this.document.error(where, 'must be a positive number');
    return parsed;
  }

  /** An `environment:` mapping, its intrinsics evaluated, every value a string. */
  environment(where: DocumentPath, context: IntrinsicContext): Record<string, string> {
    const raw = evaluateIntrinsics(
      this.mapping(where, 'environment'),
      where,
      this.document,
      context,
    ) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(raw).map(([name, value]) => {
        if (value !== null && typeof value === 'object') {
          throw this.document.error(
            [...where, name],
            `environment variable ${name} must be a string, not a structure`,
          );
        }
        return [name, value === null || value === undefined ? '' : String(value)];
      }),
    );
  }
}
