/** The simulator's and the labs' notes in this browser's localStorage, under one prefix. */
const STORAGE = "mnos-sim:v1";

export function storageGet(key: string): string | null {
  try {
    return localStorage.getItem(`${STORAGE}:${key}`);
  } catch {
    return null;
  }
}

export function storageSet(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(`${STORAGE}:${key}`);
    else localStorage.setItem(`${STORAGE}:${key}`, value);
  } catch {
    // Private mode or a full quota: edits stay in the page only.
  }
}
