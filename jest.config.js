/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
  moduleNameMapper: { "^pulumi-huaweicloud-elb$": "<rootDir>/provider/index.ts" },
  // Compiled output is what the Pulumi provider process loads; tests never transform it.
  transformIgnorePatterns: ["/node_modules/", "<rootDir>/dist/"],
  testTimeout: 60000,
  maxWorkers: 2,
};
