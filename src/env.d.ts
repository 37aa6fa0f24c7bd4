// Virtual modules Starlight provides at build time, used by the Search override (src/components/site/Search.astro).
declare module "virtual:starlight/project-context" {
  const project: { trailingSlash: "always" | "never" | "ignore"; [key: string]: unknown };
  export default project;
}
declare module "virtual:starlight/pagefind-config" {
  export const pagefindUserConfig: Record<string, unknown>;
}
