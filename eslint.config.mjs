// @ts-check
// House rules: typescript-eslint's recommended set plus the type-aware rules that catch real bugs
// in async provider code (a promise nobody awaits, a promise where a value is expected).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // test/fixtures/projects/type-error holds a type error on purpose (the program host's type-check test)
  { ignores: ["dist/", "coverage/", "**/node_modules/", "eslint.config.mjs", "jest.config.js", "test/fixtures/projects/type-error/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // `require` is how the serialized provider stub and lazy kind loading work (see lifecycle/stub.ts).
      "@typescript-eslint/no-require-imports": "off",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // Size limits outside the tests: a file holds one concern, a function fits on a screen.
    files: ["provider/**/*.ts", "emulator/**/*.ts", "harness/**/*.ts", "scripts/**/*.ts", "examples/**/*.ts"],
    rules: {
      "max-lines": ["error", { max: 500 }],
      "max-lines-per-function": ["error", { max: 80 }],
    },
  },
  {
    // Generated from the schemas (`npm run codegen`): its length follows the schema's.
    files: ["provider/generated/*.ts"],
    rules: { "max-lines": "off" },
  },
  {
    // A resource class and an interface of the same name: the interface adds the typed output
    // properties that the Pulumi SDK assigns at run time (the pattern generated Pulumi SDKs use).
    files: ["provider/resources/*/index.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-declaration-merging": "off",
      "@typescript-eslint/no-empty-object-type": "off",
    },
  },
  {
    // Plain JavaScript Pulumi programs (runtime option typescript: false) the tests run as projects: CommonJS, no
    // type information.
    files: ["test/fixtures/projects/**/*.js"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: "commonjs",
      globals: { require: "readonly", exports: "writable", module: "writable" },
    },
  },
);
