/**
 * Lean state: computed properties a schema marks `x-detail` (timestamps, constants, lists another resource
 * holds) are left out of the outputs of create, update and read, at any depth, unless the context asks for
 * details (HW_ELB_OUTPUT_DETAILS=1 in the provider process).
 */
import type { ElbClient } from "../../provider/http/client";
import { makeProvider, type Context, type ResourceKind, type Values } from "../../provider/lifecycle/engine";
import type { ResourceSchema } from "../../provider/lifecycle/schema";
import { healthMonitorSchema } from "../../provider/resources/health-monitor/schema";
import { masterSlavePoolSchema } from "../../provider/resources/master-slave/schema";
import { memberBatchSchema } from "../../provider/resources/member-batch/schema";
import { poolV2Schema } from "../../provider/resources/pool-v2/schema";
import { poolSchema } from "../../provider/resources/pool/schema";

const schema: ResourceSchema = {
  type: "object",
  title: "Thing",
  properties: {
    name: { type: "string", "x-change": "update" },
    items: {
      type: "array",
      "x-change": "update",
      "x-identity": ["key"],
      items: {
        type: "object",
        properties: {
          key: { type: "string" },
          id: { type: "string", readOnly: true },
          createdAt: { type: "string", readOnly: true, "x-detail": true },
        },
      },
    },
    status: { type: "string", readOnly: true },
    createdAt: { type: "string", readOnly: true, "x-detail": true },
  },
  required: [],
};

const api: Values = {
  name: "n",
  items: [{ key: "a", id: "i1", createdAt: "2024" }],
  status: "ACTIVE",
  createdAt: "2024",
};

const kind: ResourceKind = {
  schema,
  create: async () => ({ id: "t1", outs: api }),
  read: async () => api,
  update: async () => api,
  delete: async () => undefined,
};

const provider = (details?: boolean) => makeProvider(kind, (): Context => ({ client: {} as ElbClient, details }));
const news = { name: "n", items: [{ key: "a" }] };

test("create, update and read leave details out, at the top and inside array items", async () => {
  const p = provider();
  const created = (await p.create(news)).outs as Values;
  const updated = (await p.update!("t1", { ...created, name: "old" }, news)).outs as Values;
  const read = (await p.read!("t1", created)).props as Values;
  for (const [which, outs] of Object.entries({ created, updated, read })) {
    expect([which, outs.createdAt]).toEqual([which, undefined]);
    expect(outs).toMatchObject({ name: "n", status: "ACTIVE", items: [{ key: "a", id: "i1" }] });
    expect(outs).not.toHaveProperty("createdAt");
    expect((outs.items as Values[])[0]).not.toHaveProperty("createdAt");
  }
});

test("with details asked for, they stay", async () => {
  const outs = (await provider(true).create(news)).outs as Values;
  expect(outs.createdAt).toBe("2024");
  expect((outs.items as Values[])[0]!.createdAt).toBe("2024");
});

test.each([poolSchema, poolV2Schema, masterSlavePoolSchema, memberBatchSchema, healthMonitorSchema] as ResourceSchema[])(
  "%s: every detail is a computed property (an input is never left out of state)",
  (s) => {
    const details: string[] = [];
    const walk = (props: ResourceSchema["properties"] | undefined, path: string) => {
      for (const [k, p] of Object.entries(props ?? {})) {
        if (p["x-detail"]) {
          details.push(`${path}${k}`);
          expect(p.readOnly).toBe(true);
        }
        walk(p.items?.properties ?? p.properties, `${path}${k}.`);
      }
    };
    walk(s.properties, "");
    expect(details.length).toBeGreaterThan(0);
  },
);
