import { z } from 'zod';

/** A string leaf of the experiments file's schema whose error reads as what was expected. */
export const text = (expected: string) => z.string({ error: expected });
