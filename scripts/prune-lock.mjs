// The npm registry these machines reach lacks other platforms' optional binaries (darwin, win32, ...), so
// `npm install` leaves them out of package-lock.json while still listing them as optional dependencies,
// and `npm ci` then refuses the lock ("Missing: ... from lock file"). This drops those dangling optional
// entries. Run it after changing dependencies here: `npm install && npm run lock:prune`.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const present = new Set(Object.keys(lock.packages).map((key) => key.replace(/^.*node_modules\//, "")));
let pruned = 0;
for (const entry of Object.values(lock.packages)) {
  for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
    if (!present.has(dep)) {
      delete entry.optionalDependencies[dep];
      pruned++;
    }
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: dropped ${pruned} optional dependencies this registry does not have`);
