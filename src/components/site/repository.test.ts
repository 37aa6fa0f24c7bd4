import { describe, expect, it } from "vitest";
import { parseRepository, RepositorySettingError, siteRepository } from "./repository";

describe("siteRepository", () => {
  it("is unset when neither SITE_REPO nor package.json names a repository", () => {
    expect(siteRepository({}, {})).toBeUndefined();
    expect(siteRepository({ SITE_REPO: "  " }, { repository: "" })).toBeUndefined();
  });

  it("reads package.json `repository` when SITE_REPO is unset", () => {
    const repo = siteRepository(
      {},
      { repository: { type: "git", url: "git+https://github.com/o/site.git" } },
    );
    expect(repo?.url).toBe("https://github.com/o/site");
  });

  it("prefers SITE_REPO over package.json", () => {
    const repo = siteRepository({ SITE_REPO: "https://github.com/fork/site" }, { repository: "o/site" });
    expect(repo?.url).toBe("https://github.com/fork/site");
  });
});

describe("parseRepository", () => {
  it.each([
    ["https://github.com/o/site", "https://github.com/o/site"],
    ["https://github.com/o/site.git", "https://github.com/o/site"],
    ["https://github.com/o/site/", "https://github.com/o/site"],
    ["git+https://github.com/o/site.git", "https://github.com/o/site"],
    ["github:o/site", "https://github.com/o/site"],
    ["gitlab:o/site", "https://gitlab.com/o/site"],
    ["o/site", "https://github.com/o/site"],
    ["git@github.com:o/site.git", "https://github.com/o/site"],
    ["git+ssh://git@github.com/o/site.git", "https://github.com/o/site"],
  ])("%s is %s", (raw, url) => {
    expect(parseRepository(raw, "test")?.url).toBe(url);
  });

  it("gives what edit links, clones and file links need on GitHub", () => {
    const repo = parseRepository("https://github.com/o/site", "test");
    expect(repo?.editBase).toBe("https://github.com/o/site/edit/main/");
    expect(repo?.cloneUrl).toBe("https://github.com/o/site.git");
    expect(repo?.fileUrl("DEVELOPERS.md")).toBe("https://github.com/o/site/blob/main/DEVELOPERS.md");
  });

  it("puts a package.json `directory` before every file path", () => {
    const repo = parseRepository({ url: "https://github.com/o/mono", directory: "site/" }, "test");
    expect(repo?.editBase).toBe("https://github.com/o/mono/edit/main/site/");
    expect(repo?.fileUrl("DEVELOPERS.md")).toBe("https://github.com/o/mono/blob/main/site/DEVELOPERS.md");
  });

  it("uses GitLab's edit path on GitLab and gives no edit link on hosts it does not know", () => {
    expect(parseRepository("https://gitlab.com/o/site", "test")?.editBase).toBe(
      "https://gitlab.com/o/site/-/edit/main/",
    );
    const other = parseRepository("https://git.example.org/o/site", "test");
    expect(other?.editBase).toBeUndefined();
    expect(other?.cloneUrl).toBe("https://git.example.org/o/site.git");
  });

  it.each(["http://github.com/o/site", "https://github.com/o", "not a url", "ftp://example.org/o/site"])(
    "refuses %s with an error that names the setting",
    (raw) => {
      expect(() => parseRepository(raw, "SITE_REPO")).toThrow(RepositorySettingError);
      expect(() => parseRepository(raw, "SITE_REPO")).toThrow(/SITE_REPO/);
    },
  );
});
