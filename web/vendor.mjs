// Copies the libraries the browser app and its tests load into the repository, with their
// licences: `npm ci && npm run vendor` (from web/). The copies are committed, so serving
// the app needs neither npm nor the internet.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const copies = [
  // [package, files to copy, destination folder]
  ["cytoscape", ["dist/cytoscape.esm.min.mjs", "LICENSE"], "api/static/app/vendor/cytoscape"],
  ["axe-core", ["axe.min.js", "LICENSE"], "tests/e2e/vendor/axe-core"],
];

for (const [name, files, destination] of copies) {
  const source = join(here, "node_modules", name);
  const version = JSON.parse(readFileSync(join(source, "package.json"), "utf8")).version;
  mkdirSync(join(root, destination), { recursive: true });
  for (const file of files) {
    copyFileSync(join(source, file), join(root, destination, file.split("/").pop()));
  }
  writeFileSync(join(root, destination, "VERSION"), `${name} ${version}\n`);
  console.log(`${name} ${version} -> ${destination}`);
}
