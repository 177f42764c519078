const STORAGE_KEY = 'scientist-api-token';

/**
 * The data API's bearer token, needed beyond loopback. Kept in sessionStorage so it lasts while
 * the tab does and never outlives it.
 */
export const apiToken = {
  read(): string | null {
    return sessionStorage.getItem(STORAGE_KEY);
  },
  save(token: string): void {
    sessionStorage.setItem(STORAGE_KEY, token.trim());
  },
  forget(): void {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};
