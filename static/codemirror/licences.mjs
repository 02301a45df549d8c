// Writes the licence of every package that esbuild put into the bundle (read from its metafile), in a stable order.
import { readFileSync } from "node:fs";

const meta = JSON.parse(readFileSync(process.argv[2], "utf8"));
const folders = new Set();
for (const input of Object.keys(meta.inputs)) {
  const parts = input.split("node_modules/").pop().split("/");
  if (input.includes("node_modules/")) folders.add(parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]);
}
const sections = [...folders].sort().map((name) => {
  const pkg = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8"));
  const text = readFileSync(`node_modules/${name}/LICENSE`, "utf8").trim();
  return `${name} ${pkg.version} (${pkg.license})\n\n${text}\n`;
});
process.stdout.write(`codemirror-sparql.js bundles these packages:\n\n${sections.join("\n" + "-".repeat(72) + "\n\n")}`);
