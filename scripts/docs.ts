/** `npm run docs`: regenerate the README field tables from the resource schemas. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withFieldTable } from "../provider/lifecycle/doc";
import { schemas } from "../provider/resources";

const readme = join(__dirname, "..", "..", "README.md");
let doc = readFileSync(readme, "utf8");
for (const schema of schemas) doc = withFieldTable(doc, schema);
writeFileSync(readme, doc);
console.log(`README.md field tables regenerated (${schemas.map((s) => s.title).join(", ")})`);
