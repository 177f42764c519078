/**
 * An experiments file's bytes as text. Bytes that are not UTF-8 are refused with their place,
 * never turned into U+FFFD: a replaced character in an ARN or a header name would be a silent
 * change of meaning.
 */
export type DecodedSource =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly line: number; readonly column: number; readonly byte: number };

const strict = () => new TextDecoder('utf-8', { fatal: true });

export function decodeSource(bytes: Uint8Array): DecodedSource {
  try {
    return { ok: true, text: strict().decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    let lineStart = 0;
    for (let index = 0; index < offset; index++) {
      if (bytes[index] === 0x0a) {
        line++;
        lineStart = index + 1;
      }
    }
    // The column counts characters before the bad byte, as line:col does everywhere else.
    const column = strict().decode(bytes.subarray(lineStart, offset), { stream: true }).length + 1;
    return { ok: false, line, column, byte: bytes[offset] ?? 0 };
  }
}

/**
 * Where the first bad character starts: the longest prefix that decodes (allowing an unfinished
 * last character) ends at the byte that cannot continue; the character it breaks starts where the
 * complete characters before it end.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let valid = 0;
  let invalid = bytes.length;
  while (invalid - valid > 1) {
    const middle = Math.floor((valid + invalid) / 2);
    try {
      strict().decode(bytes.subarray(0, middle), { stream: true });
      valid = middle;
    } catch {
      invalid = middle;
    }
  }
  const prefix = bytes.subarray(0, invalid === bytes.length && valid === bytes.length ? valid : invalid - 1);
  const complete = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(prefix, {
    stream: true,
  });
  return new TextEncoder().encode(complete).length;
}
