// Rasterises public/favicon.svg into the PNG icons the web app manifest and iOS need, with the installed
// Chromium. The PNGs are committed (public/icons/); run this again only when the favicon changes:
// npm run icons
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const publicDir = join(import.meta.dirname, "..", "public");
const svg = readFileSync(join(publicDir, "favicon.svg"), "utf8");

// A maskable icon (and Apple's touch icon, which iOS rounds itself) fills its whole square: the rounded
// square becomes a full-bleed background. The glyph already sits inside the maskable safe zone (the
// centred circle of 80% diameter), so it keeps its size.
const fullBleed = svg.replace(/<rect [^>]*\/>/, '<rect width="32" height="32" fill="#3b4fd8"/>');

/** @type {{ file: string; size: number; svg: string }[]} */
const icons = [
  { file: "icon-192.png", size: 192, svg },
  { file: "icon-512.png", size: 512, svg },
  { file: "icon-maskable-512.png", size: 512, svg: fullBleed },
  { file: "apple-touch-icon.png", size: 180, svg: fullBleed },
];

const executablePath = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p) => p && existsSync(p),
);
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
try {
  mkdirSync(join(publicDir, "icons"), { recursive: true });
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const src = `data:image/svg+xml;base64,${Buffer.from(icon.svg).toString("base64")}`;
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}img{display:block;width:100vw;height:100vh}</style><img src="${src}" alt="">`,
    );
    await page.locator("img").evaluate((img) => /** @type {HTMLImageElement} */ (img).decode());
    await page.screenshot({ path: join(publicDir, "icons", icon.file), omitBackground: true });
    await page.close();
    console.log(`public/icons/${icon.file} (${icon.size} px)`);
  }
} finally {
  await browser.close();
}
