/**
 * Section 3, against the Pulumi SDK's floor: the same provider server process running a trivial dynamic
 * provider (check echoes the inputs, diff says "no change", create echoes them as outputs). Cold start is
 * spawn → Configure → first Check answered; the round trip is one Check and one Diff of an unchanged Pool.
 */
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { Pool } from "../../provider";
import { registrations, SECRET_CONFIG_KEYS, startProviderServer, urnFor, type ProviderServer } from "../../harness";
import { round } from "./measure";

type Props = Record<string, unknown>;

const trivialProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async diff() {
    return { changes: false };
  },
  async create(inputs) {
    return { id: "trivial", outs: inputs };
  },
};

/** A dynamic resource of the trivial provider. */
class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, props: Props) {
    super(trivialProvider, name, props);
  }
}

/** The serialized `__provider` texts of the trivial provider and of a Pool, for `inputs`. */
export async function providerTexts(inputs: () => Props): Promise<{ trivial: string; pool: string }> {
  const trivial = (await registrations(() => new Trivial("probe", inputs())))[0].inputs.__provider;
  const pool = (await registrations(() => new Pool("probe", inputs() as ConstructorParameters<typeof Pool>[1])))[0].inputs.__provider;
  return { trivial: trivial as string, pool: pool as string };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface Versus {
  ours: number;
  floor: number;
}

/** Cold start, `runs` times each, alternating: spawn → Configure → the first Check answered (ms, median). */
export async function coldStart(
  texts: { trivial: string; pool: string },
  inputs: Props,
  config: Record<string, string>,
  runs = 7,
): Promise<Versus> {
  const once = async (text: string) => {
    const t0 = performance.now();
    const srv = await startProviderServer();
    try {
      await srv.configure(config, { secretKeys: SECRET_CONFIG_KEYS });
      await srv.check(urnFor("pulumi-nodejs:dynamic:Resource", "cold"), {}, { ...inputs, __provider: text });
      return performance.now() - t0;
    } finally {
      await srv.close();
    }
  };
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    floor.push(await once(texts.trivial));
    ours.push(await once(texts.pool));
  }
  return { ours: round(median(ours), 1), floor: round(median(floor), 1) };
}

/**
 * Check+Diff of an unchanged resource, median of `n` round trips each (interleaved, after a warm-up), in µs.
 * Each side diffs against what its create returned: a Pool's outputs, the trivial provider's echo.
 */
export async function checkDiffRoundTrip(
  srv: ProviderServer,
  texts: { trivial: string; pool: string },
  inputs: Props,
  n = 1000,
): Promise<Versus> {
  const setUp = async (type: string, text: string) => {
    const urn = urnFor(type, "roundtrip");
    const c = await srv.check(urn, {}, { ...inputs, __provider: text });
    const created = await srv.create(urn, c.inputs);
    return async () => {
      const t0 = performance.now();
      const checked = await srv.check(urn, c.inputs, c.inputs);
      const d = await srv.diff(urn, created.id, created.properties, checked.inputs, c.inputs);
      if (d.changes !== "none") throw new Error(`${type}: an unchanged resource diffs as ${d.changes}`);
      return (performance.now() - t0) * 1000;
    };
  };
  const ours = await setUp("pulumi-nodejs:dynamic/huaweicloud-elb:Pool", texts.pool);
  const floor = await setUp("pulumi-nodejs:dynamic:Resource", texts.trivial);
  for (let i = 0; i < 200; i++) {
    await ours();
    await floor();
  }
  const o: number[] = [];
  const f: number[] = [];
  for (let i = 0; i < n; i++) {
    o.push(await ours());
    f.push(await floor());
  }
  return { ours: round(median(o), 1), floor: round(median(f), 1) };
}
