/** Unknowns inside arrays (preview): indices and lengths are kept, and only what they decide is skipped. */
import { checkInputs } from "../../provider/lifecycle/check";
import type { ResourceSchema } from "../../provider/lifecycle/schema";
import { masterSlavePoolSchema } from "../../provider/resources/master-slave/schema";
import { poolSchema } from "../../provider/resources/pool/schema";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const schema: ResourceSchema = {
  type: "object",
  title: "Pair",
  properties: {
    members: {
      type: "array",
      minItems: 2,
      maxItems: 2,
      "x-change": "replace",
      items: {
        type: "object",
        properties: { address: { type: "string", maxLength: 3 }, role: { type: "string", enum: ["master", "slave"] } },
        required: ["address"],
      },
    },
  },
  required: ["members"],
};

test("an unknown item keeps the array's length and the other items' indices", () => {
  expect(checkInputs(schema, { members: [{ address: "a" }, U] })).toEqual([]);
  expect(checkInputs(schema, { members: [U, { address: "toolong" }] })).toEqual([
    { property: "members[1].address", reason: "must be at most 3 characters long" },
  ]);
});

test("a length that no unknown can change still fails", () => {
  expect(checkInputs(schema, { members: [U] })).toEqual([
    { property: "members", reason: expect.stringMatching(/fewer than 2|at least 2|must NOT have fewer/) },
  ]);
  expect(checkInputs(schema, { members: [U, U, U] })).toEqual([
    { property: "members", reason: expect.stringMatching(/more than 2|at most 2|must NOT have more/) },
  ]);
});

test("unknowns inside an item", () => {
  expect(
    checkInputs(schema, {
      members: [
        { address: U, role: U },
        { address: "b", role: "slave" },
      ],
    }),
  ).toEqual([]);
  expect(checkInputs(schema, { members: [{ role: U }, { address: "b" }] })).toEqual([
    { property: "members[0].address", reason: "is required" },
  ]);
});

describe("a misspelt property whose value is still unknown is caught", () => {
  const base = { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb-1" };

  test("at the top level, with the name it was meant to be", () => {
    expect(checkInputs(poolSchema, { ...base, lbAlgoritm: U })).toEqual([
      { property: "lbAlgoritm", reason: expect.stringMatching(/^is not a property here; did you mean lbAlgorithm\?/) },
    ]);
  });

  test("inside an object and inside an array item", () => {
    const failures = checkInputs(poolSchema, {
      ...base,
      sessionPersistence: { type: "APP_COOKIE", cookieName: "c", persistenceTmeout: U },
    });
    expect(failures.map((f) => f.property)).toEqual(["sessionPersistence.persistenceTmeout"]);
    const ms = checkInputs(masterSlavePoolSchema, {
      protocol: "TCP",
      lbAlgorithm: "ROUND_ROBIN",
      type: "ip",
      members: [
        { address: "10.0.0.1", protocolPort: 80, role: "master" },
        { address: "10.0.0.2", protocolPort: 80, role: "slave", adress: U },
      ],
      healthmonitor: { type: "TCP", delay: 1, timeout: 1, maxRetries: 1 },
    });
    expect(ms.map((f) => f.property)).toEqual(["members[1].adress"]);
  });

  test("a known property with an unknown value still passes", () => {
    expect(checkInputs(poolSchema, { ...base, lbAlgorithm: U, sessionPersistence: { type: U } })).toEqual([]);
  });
});
