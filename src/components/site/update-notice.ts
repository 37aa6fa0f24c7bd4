// The "new version available" notice, loaded only when a new build's service worker is waiting, so no
// page pays for it on load. The waiting worker takes over only when the reader presses Reload.
// scripts/service-worker.mjs bundles it beside sw.js as update-notice.js and update-notice.css, outside
// Astro, so the registration script that loads it imports nothing and Astro inlines it in each page.
import "./update-notice.css";

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.addEventListener("click", onClick);
  return b;
}

let shown = false;

async function offerUpdate(worker: ServiceWorker): Promise<void> {
  if (shown) return;
  shown = true;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("update-notice.css", import.meta.url).href;
  await new Promise((resolve) => {
    link.addEventListener("load", resolve);
    link.addEventListener("error", resolve);
    document.head.append(link);
  });
  // A polite live region right after the skip link, so its buttons come first in the tab order. It goes
  // into the page empty and is filled a moment later: screen readers announce changes to a live region,
  // not a region that arrives with its content.
  const region = document.createElement("div");
  region.setAttribute("role", "status");
  const skipLink = document.querySelector(".sl-skip-link");
  if (skipLink) skipLink.after(region);
  else document.body.prepend(region);

  const box = document.createElement("div");
  box.className = "sw-update";
  const text = document.createElement("p");
  text.textContent = "A new version of this site is available.";
  const reload = button("Reload", () => {
    reload.disabled = true;
    // Another tab may have let the new worker take over already.
    if (worker.state === "activated") return location.reload();
    navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
    worker.postMessage({ type: "SKIP_WAITING" });
  });
  reload.className = "sw-update-reload";
  box.append(
    text,
    reload,
    button("Not now", () => box.remove()),
  );
  setTimeout(() => region.append(box), 100);
}

// OfflineSupport.astro loads this module once a new build's worker has installed and waits.
const waiting = (await navigator.serviceWorker.getRegistration())?.waiting;
if (waiting) await offerUpdate(waiting);
