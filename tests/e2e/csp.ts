import type { Page } from "@playwright/test";

declare global {
  interface Window {
    __reportCspViolation?: (violation: string) => void;
  }
}

/**
 * Adds to `errors` every Content-Security-Policy violation the page reports (a `securitypolicyviolation`
 * event: a refused script, style, image, frame or connection). Call before page.goto.
 */
export async function reportCspViolations(page: Page, errors: string[]): Promise<void> {
  await page.exposeFunction("__reportCspViolation", (violation: string) => {
    errors.push(`CSP violation: ${violation}`);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const what = !e.blockedURI || e.blockedURI === "inline" ? "inline code" : e.blockedURI;
      const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : "";
      window.__reportCspViolation?.(`${e.effectiveDirective} refused ${what}${where} ${e.sample}`.trim());
    });
  });
}
