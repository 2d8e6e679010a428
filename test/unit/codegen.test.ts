/** The generated interfaces (provider/generated/) are checked in; this fails when one is stale (run `npm run codegen`). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generatedModules, type GeneratedModule } from "../../scripts/codegen/modules";
import { poolSchema } from "../../provider/resources/pool/schema";
import { propertyDoc } from "../../scripts/codegen/tsdoc";

const modules: GeneratedModule[] = generatedModules();

test("every resource kind has its generated module, up to date with its schema (run `npm run codegen`)", () => {
  expect(modules.map((m) => m.path.split("/").pop())).toEqual(expect.arrayContaining(["pool.ts", "member-batch.ts", "pool-v2.ts"]));
  for (const m of modules) expect({ path: m.path, text: readFileSync(join(__dirname, "..", "..", m.path), "utf8") }).toEqual(m);
});

test("a property's TSDoc carries its description, allowed values, default, rules and change rule", () => {
  const at = (name: string, side: "input" | "output" = "input") =>
    propertyDoc(poolSchema.properties[name as "protocol"], { schema: poolSchema, name, level: "top", side });
  expect(at("protocol")).toEqual(
    expect.arrayContaining([
      "Backend protocol.",
      expect.stringContaining("One of `TCP`, `UDP`"),
      "Changing it replaces the Pool (a new one is created, the old one deleted).",
    ]),
  );
  expect(at("ipVersion").join("\n")).toContain("Default `v4`");
  expect(at("vpcId").join("\n")).toMatch(/Checked at preview: .*vpcId is required when type is instance/);
  expect(at("vpcId").join("\n")).toContain("Set in place only while the Pool's current value is empty");
  expect(at("lbAlgorithm")).toContain("Changing it updates in place.");
  expect(at("createdAt", "output")).toContain("Computed by the API.");
  expect(at("description")).toContain('Removing it from the program sets it back to `""`.');
});

test("the generated Args interface documents each input and types it as a Pulumi input", () => {
  const pool = modules.find((m) => m.path.endsWith("/pool.ts"))!.text;
  expect(pool).toMatch(/\/\*\*\n\s+\* Backend protocol\.[^/]*\*\/\n\s+protocol: pulumi\.Input<"TCP" \| "UDP"/);
  expect(pool).toMatch(/sessionPersistence\?: pulumi\.Input<PoolSessionPersistenceArgs \| null>;/);
  expect(pool).toMatch(/readonly protocol: pulumi\.Output<"TCP" \| "UDP"/);
  // a detail (x-detail) is in state only on request
  expect(pool).toMatch(/readonly createdAt: pulumi\.Output<string \| undefined>;/);
  expect(pool).not.toMatch(/createdAt\?: pulumi\.Input/);
});
