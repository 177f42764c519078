import { type Document, parseDocument } from 'yaml';

/**
 * An experiments file as text together with its parsed YAML document. Edits need both: the
 * document finds what to change and where, the text lets an edit touch only the bytes it must,
 * so comments and layout elsewhere stay as their author wrote them.
 */
export interface ExperimentsDocument {
  readonly text: string;
  readonly yaml: Document.Parsed;
}

/** An edit of an experiments file that cannot be made; `problems` says what there is instead. */
export class ExperimentsEditError extends Error {
  override readonly name = 'ExperimentsEditError';
  readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[] = []) {
    super(message);
    this.problems = Object.freeze([...problems]);
  }
}

/** Parses an experiments file for editing; refuses a file that is not YAML rather than guess. */
export function parseExperimentsDocument(text: string): ExperimentsDocument {
  const yaml = parseDocument(text);
  if (yaml.errors.length > 0) {
    throw new ExperimentsEditError(
      'the experiments file does not parse as YAML',
      yaml.errors.map((error) => error.message),
    );
  }
  return Object.freeze({ text, yaml });
}
