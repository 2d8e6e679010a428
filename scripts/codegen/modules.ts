/**
 * The generated files and their text (shared by `npm run codegen` and its staleness test). The
 * generator lays the text out itself, so provider/generated/ is left out of Prettier's check.
 */
import { join } from "node:path";
import { schemas } from "../../provider/resources";
import { fileName, generate } from "./generate";

export interface GeneratedModule {
  /** Relative to the repository root. */
  readonly path: string;
  readonly text: string;
}

export function generatedModules(): GeneratedModule[] {
  return schemas.map((schema) => ({
    path: join("provider", "generated", `${fileName(schema)}.ts`),
    text: generate(schema, `the ${schema.title} schema`),
  }));
}
