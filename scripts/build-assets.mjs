// Builds the front-end assets into static/dist/ (run with `npm run build`).
//
//   static/src/scss/main.scss             -> static/dist/css/main.css (compressed)
//   govuk-frontend.min.js                 -> static/dist/govuk/govuk-frontend.min.js
//   govuk-frontend assets/images + manifest.json -> static/dist/govuk/assets/
//                                            (not the GDS Transport fonts: this service
//                                            is not on GOV.UK and uses Arial)
//   static/src/js/*.js                    -> static/dist/js/
//
// Each output directory is deleted and rewritten, so running it twice gives the same result.
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "static", "src");
const dist = join(root, "static", "dist");
const govukDist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

if (!existsSync(govukDist)) {
  console.error("node_modules/govuk-frontend is missing: run `npm ci` first.");
  process.exit(1);
}

function freshDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

// 1. Sass -> CSS
const cssDir = join(dist, "css");
freshDir(cssDir);
const result = sass.compile(join(src, "scss", "main.scss"), {
  style: "compressed",
  loadPaths: [join(root, "node_modules")],
  // Keep deprecation warnings from inside govuk-frontend (it still uses @import
  // internally) out of the build log; warnings from our own code still show.
  quietDeps: true,
});
writeFileSync(join(cssDir, "main.css"), result.css + "\n");

// 2. GOV.UK Frontend JavaScript and assets (images + manifest only, no fonts)
const govukOut = join(dist, "govuk");
freshDir(govukOut);
copyFileSync(join(govukDist, "govuk-frontend.min.js"), join(govukOut, "govuk-frontend.min.js"));
const assetsOut = join(govukOut, "assets");
mkdirSync(assetsOut, { recursive: true });
cpSync(join(govukDist, "assets", "images"), join(assetsOut, "images"), { recursive: true });
const manifest = join(govukDist, "assets", "manifest.json");
if (existsSync(manifest)) {
  copyFileSync(manifest, join(assetsOut, "manifest.json"));
}

// 3. Our own scripts
const jsOut = join(dist, "js");
freshDir(jsOut);
const jsSrc = join(src, "js");
if (existsSync(jsSrc)) {
  for (const name of readdirSync(jsSrc)) {
    if (name.endsWith(".js")) {
      copyFileSync(join(jsSrc, name), join(jsOut, name));
    }
  }
}

console.log(`Built assets into ${dist}`);
