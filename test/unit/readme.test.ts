/** The README's field tables are generated from the schemas; this fails when one is stale. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fieldTable, withFieldTable } from "../../provider/lifecycle/doc";
import { schemas } from "../../provider/resources";

const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

test.each(schemas.map((s) => [s.title, s] as const))("the README table of %s matches its schema (run `npm run docs`)", (_t, schema) => {
  expect(withFieldTable(readme, schema)).toBe(readme);
});

test("the table lists every property with its wire name and change rule", () => {
  const table = fieldTable(schemas[0]);
  expect(table).toContain("| `vpcId` | `vpc_id` | string |  | update while empty, else **replace** |");
  expect(table).toContain("| `protocol` | `protocol` |");
  expect(table).toContain("| `sessionPersistence.cookieName` | `cookie_name` |");
  expect(table).toMatch(/\| `createdAt` \| `created_at` \| string \| {2}\| computed, detail \(opt-in\) \|/);
});
