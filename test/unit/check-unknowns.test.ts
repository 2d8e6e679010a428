/** Unknowns inside arrays (preview): indices and lengths are kept, and only what they decide is skipped. */
import { checkInputs } from "../../provider/lifecycle/check";
import type { ResourceSchema } from "../../provider/lifecycle/schema";

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
