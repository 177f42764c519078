/**
 * What the scientist knows about a request when it decides who serves it and who shadows it:
 * header names in lower case, cookies parsed from the `cookie` header, the query string, and the
 * caller's address as the gateway saw it.
 */
export interface RequestFacts {
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly sourceIp?: string;
}

/** Cookies of a `Cookie` header (`a=1; b=2`); a malformed pair is left out, never an error. */
export function cookiesOf(facts: RequestFacts): ReadonlyMap<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (facts.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    const name = (at < 0 ? pair : pair.slice(0, at)).trim();
    if (!name || cookies.has(name)) continue;
    cookies.set(name, at < 0 ? '' : pair.slice(at + 1).trim());
  }
  return cookies;
}

/** Where a request's stickiness key comes from. */
export type RequestKeySource =
  | { readonly from: 'header'; readonly name: string }
  | { readonly from: 'cookie'; readonly name: string }
  | { readonly from: 'query'; readonly name: string }
  | { readonly from: 'source-ip' };

export const DEFAULT_REQUEST_KEY: RequestKeySource = Object.freeze({ from: 'source-ip' });

const keyPattern = /^(header|cookie|query):(.+)$/;

/** Reads `header:x-user-id`, `cookie:session`, `query:user` or `source-ip`; undefined for anything else. */
export function parseRequestKeySource(text: string): RequestKeySource | undefined {
  const trimmed = text.trim();
  if (trimmed === 'source-ip') return DEFAULT_REQUEST_KEY;
  const match = keyPattern.exec(trimmed);
  if (!match) return undefined;
  const from = match[1] as 'header' | 'cookie' | 'query';
  const name = match[2]!.trim();
  if (!name) return undefined;
  return Object.freeze({ from, name: from === 'header' ? name.toLowerCase() : name });
}

/** The request's key, or undefined when it has none (no such header, cookie or parameter). */
export function requestKeyOf(source: RequestKeySource, facts: RequestFacts): string | undefined {
  const value = (() => {
    switch (source.from) {
      case 'header':
        return facts.headers[source.name];
      case 'cookie':
        return cookiesOf(facts).get(source.name);
      case 'query':
        return facts.query[source.name];
      case 'source-ip':
        return facts.sourceIp;
    }
  })();
  return value === undefined || value === '' ? undefined : value;
}
