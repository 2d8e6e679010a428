/**
 * No secret in state, outputs, logs or error messages, with distinctive credentials set both as
 * stack config (program side) and in the provider process's environment (the fallback path),
 * with API-call logging switched on.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Pool } from "../../provider";
import { quickstart } from "../../examples/quickstart/program";
import { registrations, destroy, up, type StackOptions } from "../../harness";
import { useEmulatorStacks } from "../harness/env";

const AK = "AKENVSECRETPROBE7Q3Z";
const SK = "env-secret-key-zq81-must-never-leak-0451";
const TOKEN = "security-token-probe-9d1e-never-in-state";

const env = useEmulatorStacks("secrets", { credentials: [{ accessKey: AK, secretKey: SK, securityToken: TOKEN }] }, (emu) => ({
  env: {
    ...process.env,
    HW_REGION_NAME: emu.region,
    HW_ELB_ENDPOINT: emu.url,
    HW_IAM_ENDPOINT: emu.url,
    HW_ACCESS_KEY: AK,
    HW_SECRET_KEY: SK,
    HW_SECURITY_TOKEN: TOKEN,
    HW_ELB_LOG: "1",
  },
}));

const leaks = (text: string) => [AK, SK, TOKEN].filter((s) => text.includes(s));

test("the serialized provider is at most 4 KB and holds no credential from config or environment", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, { HW_ACCESS_KEY: AK, HW_SECRET_KEY: SK, HW_SECURITY_TOKEN: TOKEN });
  pulumi.runtime.setAllConfig({ "huaweicloud:accessKey": AK, "huaweicloud:secretKey": SK, "huaweicloud:securityToken": TOKEN });
  try {
    const regs = await registrations(() => new Pool("p", { protocol: "HTTP", lbAlgorithm: "ROUND_ROBIN", loadbalancerId: "lb" }));
    const text = regs[0].inputs.__provider as string;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    expect(leaks(JSON.stringify(regs))).toEqual([]);
  } finally {
    process.env = saved;
    pulumi.runtime.setAllConfig({});
  }
});

test("a stack run with environment credentials: state, outputs, logs and errors hold none of them", async () => {
  const opts: StackOptions = { server: env.server, statePath: join(env.dir, "state.json") };
  const lb = env.emu.fixtures.loadbalancers[0].id;
  const listenerId = env.emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb)!.id;
  const subnetCidrId = env.emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24")!.id;
  const result = await up(() => quickstart({ loadbalancerId: lb, listenerId, subnetCidrId }), opts);
  expect(env.emu.pools()).toHaveLength(2); // the environment's credentials were used (signed with the token)

  // an API error travels back through the provider: a second pool on the same listener
  let message = "";
  try {
    await up(() => {
      quickstart({ loadbalancerId: lb, listenerId, subnetCidrId });
      new Pool("dup", { protocol: "TCP", lbAlgorithm: "ROUND_ROBIN", listenerId });
    }, opts);
  } catch (e) {
    message = String((e as Error).message) + String((e as Error).stack);
  }
  expect(message).toMatch(/409|ELB\.8907/);

  await destroy(opts);
  const state = readFileSync(opts.statePath, "utf8");
  const output = await env.server.waitForOutput(/DELETE \/v3\/[0-9a-f]{32}\/elb\/pools\/[^ ]+ -> 204/); // logging was on, to the last call
  expect(output).toMatch(/POST \/v3\/[0-9a-f]{32}\/elb\/pools -> 201/);
  expect(leaks(state + JSON.stringify(result.outputs) + output + message)).toEqual([]);
});
