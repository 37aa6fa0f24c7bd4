/**
 * "a" or "an" before a word, by how the word sounds rather than how it is spelt: "an Endpoint", "an IoPort",
 * "an MSR", "an x86-64 CPU", "an 8-bit port", but "a USB stick", "a UEFI shell", "a user", "a one-shot
 * timer". Generated text names things that tables choose at build time, so it cannot hard-code the article.
 * Words of two or more capitals are read letter by letter (MSR, HP, USB); numbers as English numbers.
 */
export function indefiniteArticle(word: string): "a" | "an" {
  const w = word.trim().replace(/^[^\p{L}\p{N}]+/u, "");
  if (/^\d/.test(w)) return /^8|^1[18](?!\d)/.test(w) ? "an" : "a";
  if (/^[A-Z]{2}/.test(w)) return "AEFHILMNORSX".includes(w.charAt(0)) ? "an" : "a";
  const lower = w.toLowerCase();
  if (/^x\d/.test(lower)) return "an";
  if (/^(one\b|once\b|uni|use|usu|uti|ure|eu)/.test(lower)) return "a";
  if (/^(hour|honest|honou?r|heir)/.test(lower)) return "an";
  return /^[aeiou]/.test(lower) ? "an" : "a";
}

/** The word with its article: `withArticle("Endpoint")` is "an Endpoint". */
export function withArticle(word: string): string {
  return `${indefiniteArticle(word)} ${word}`;
}
