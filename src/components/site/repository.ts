import packageJson from "../../../package.json" with { type: "json" };

/**
 * Where this site's own source is published: one setting, read at build time, that the edit links, the
 * simulator page's clone step and the contributing pages all use. It comes from the SITE_REPO environment
 * variable, else package.json `repository`; when neither is set the site names no repository at all
 * (no edit links, no clone URL) rather than link to an address nobody has checked.
 */
export interface SiteRepository {
  /** Web address of the repository, "https://github.com/owner/name". */
  url: string;
  /** What `git clone` takes. */
  cloneUrl: string;
  /** Prefix Starlight puts before a page's file path ("docs/x.mdx") to edit it; undefined on unknown hosts. */
  editBase: string | undefined;
  /** Web address of a file in the repository, from the site's root. */
  fileUrl: (path: string) => string;
}

/** npm's `repository` field: a string (URL or "github:owner/name" or "owner/name") or an object. */
export type RepositoryField = string | { type?: string; url?: string; directory?: string };

const BRANCH = "main";

/** Thrown at build time when the setting is present but not a repository address. */
export class RepositorySettingError extends Error {}

/** Parses the setting; undefined when it is absent or empty, an error when it is not an address. */
export function parseRepository(
  field: RepositoryField | undefined,
  source: string,
): SiteRepository | undefined {
  const raw = typeof field === "string" ? field : field?.url;
  const directory = typeof field === "object" ? (field.directory ?? "") : "";
  if (raw === undefined || raw.trim() === "") return undefined;
  const url = webUrl(raw.trim());
  if (!url) {
    throw new RepositorySettingError(
      `${source} is ${JSON.stringify(raw)}: expected an https address such as ` +
        `"https://github.com/owner/name", "git@github.com:owner/name.git" or "github:owner/name".`,
    );
  }
  const dir = directory.replace(/^\.?\/+|\/+$/g, "");
  const inRepo = (path: string) => (dir ? `${dir}/${path}` : path);
  const host = new URL(url).hostname;
  const editPrefix = host === "github.com" ? "edit" : host === "gitlab.com" ? "-/edit" : undefined;
  return {
    url,
    cloneUrl: `${url}.git`,
    editBase: editPrefix ? `${url}/${editPrefix}/${BRANCH}/${inRepo("")}` : undefined,
    fileUrl: (path) => `${url}/${host === "gitlab.com" ? "-/blob" : "blob"}/${BRANCH}/${inRepo(path)}`,
  };
}

/** "https://host/owner/name" from the forms npm accepts, or undefined. */
function webUrl(raw: string): string | undefined {
  const shorthand = /^(?:(github|gitlab):)?([\w.-]+)\/([\w.-]+)$/.exec(raw);
  if (shorthand) {
    const [, host = "github", owner, name] = shorthand;
    return `https://${host}.com/${owner}/${(name ?? "").replace(/\.git$/, "")}`;
  }
  // SSH forms name the same repository: "git@github.com:owner/name.git", "git+ssh://git@github.com/owner/name".
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(raw);
  const address = scp
    ? `https://${scp[1]}/${scp[2]}`
    : raw.replace(/^git\+/, "").replace(/^ssh:\/\/[\w.-]+@/, "https://");
  let parsed: URL;
  try {
    parsed = new URL(address);
  } catch {
    return undefined;
  }
  const path = parsed.pathname.replace(/\.git$/, "").replace(/\/+$/, "");
  if (parsed.protocol !== "https:" || parsed.search || parsed.hash || path.split("/").length < 3) {
    return undefined;
  }
  return `https://${parsed.hostname}${path}`;
}

/** The site's repository for this build: SITE_REPO, else package.json `repository`, else none. */
export function siteRepository(
  env: Record<string, string | undefined> = process.env,
  pkg: { repository?: RepositoryField } = packageJson as { repository?: RepositoryField },
): SiteRepository | undefined {
  if (env.SITE_REPO !== undefined && env.SITE_REPO.trim() !== "") {
    return parseRepository(env.SITE_REPO, "SITE_REPO");
  }
  return parseRepository(pkg.repository, "package.json repository");
}
