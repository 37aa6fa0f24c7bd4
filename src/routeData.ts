import { defineRouteMiddleware } from "@astrojs/starlight/route-data";
import { syscallAnchor } from "./components/reference/format";
import { SYSCALLS } from "./sim/abi/syscalls";

/**
 * Headings rendered by components are invisible to Starlight's table of contents; the syscall reference
 * builds its headings from the ABI table, so its TOC is built from the same table here.
 */
export const onRequest = defineRouteMiddleware((context) => {
  const route = context.locals.starlightRoute;
  if (route.id !== "reference/syscalls" || !route.toc) return;
  route.toc.items.push(
    ...SYSCALLS.map((s) => ({
      depth: 2,
      slug: syscallAnchor(s.name),
      text: `SYS_${s.name}`,
      children: [],
    })),
  );
});
