import { test as base, expect } from "@playwright/test";
import { reportCspViolations } from "./csp";
import { collectErrors } from "./helpers";

/**
 * Playwright's `test`, with every page of the test watched from before its first load: a console error,
 * an uncaught exception or a Content-Security-Policy violation (a refused script, style, Wasm compile or
 * worker) fails the test when it ends. For the simulator's specs: embeds and the playground load their code
 * only once they are in view or used, so the page walk in site.spec never runs it.
 */
export const test = base.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({ page }, use) => {
      const problems = collectErrors(page);
      await reportCspViolations(page, problems);
      await use(problems);
      expect(problems, "console errors, page errors or CSP violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
