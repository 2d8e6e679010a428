/** `npm run codegen`: write provider/generated/<kind>.ts, the documented Args and output interfaces, from the schemas. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generatedModules } from "./codegen/modules";

function main(): void {
  const root = join(__dirname, "..", "..");
  const modules = generatedModules();
  mkdirSync(join(root, "provider", "generated"), { recursive: true });
  for (const m of modules) writeFileSync(join(root, m.path), m.text);
  console.log(`generated ${modules.map((m) => m.path).join(", ")}`);
}

main();
