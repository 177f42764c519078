import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { experimentsJsonSchema } from '../src/index.js';

describe('experiments.schema.json', () => {
  it('is up to date (regenerate with `npm run schema`)', () => {
    const shipped = readFileSync(new URL('../experiments.schema.json', import.meta.url), 'utf8');
    expect(shipped).toBe(`${JSON.stringify(experimentsJsonSchema(), null, 2)}\n`);
  });

  it('closes every map so editors flag unknown keys', () => {
    interface SchemaNode {
      additionalProperties: SchemaNode | boolean;
      required: string[];
      properties: Record<string, SchemaNode>;
    }
    const schema = experimentsJsonSchema() as unknown as SchemaNode;
    const experiment = schema.properties.experiments!.additionalProperties as SchemaNode;
    expect(schema.additionalProperties).toBe(false);
    expect(experiment.additionalProperties).toBe(false);
    expect(experiment.required).toEqual(['path', 'control', 'candidates']);
    expect(Object.keys(experiment.properties)).toContain('comparators');
  });
});
