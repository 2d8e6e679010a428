/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // examples/ holds a user's own test of a program (written with pulumi-huaweicloud-elb/testing)
  roots: ["<rootDir>/test", "<rootDir>/examples"],
  testMatch: ["**/*.test.ts"],
  // the git install takes minutes: `npm run test:install` runs it (test/package/git-source.test.ts checks its preconditions)
  testPathIgnorePatterns: ["/node_modules/", "/test/package/git-install\\.test\\.ts$"],
  transform: { "^.+\\.ts$": "ts-jest" },
  moduleNameMapper: {
    "^pulumi-huaweicloud-elb$": "<rootDir>/provider/index.ts",
    "^pulumi-huaweicloud-elb/testing$": "<rootDir>/provider/testing/index.ts",
    "^pulumi-huaweicloud-elb/emulator$": "<rootDir>/emulator/index.ts",
  },
  // Compiled output is what the Pulumi provider process loads; tests never transform it.
  transformIgnorePatterns: ["/node_modules/", "<rootDir>/dist/"],
  testTimeout: 60000,
  maxWorkers: 2,
};
