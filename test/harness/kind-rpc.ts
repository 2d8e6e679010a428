/**
 * The engine's order of calls for one resource kind over the provider server, as the lifecycle
 * tests use it: check (which must pass) before create, check before diff. `current` is read at call
 * time, because the server and the serialized provider are set up in `beforeAll`.
 */
import { urnFor, type ProviderServer } from "../../harness";

type Props = Record<string, unknown>;

export function kindRpc(type: string, current: () => { server: ProviderServer; providerText: string }) {
  const urn = (name: string) => urnFor(`pulumi-nodejs:dynamic/huaweicloud-elb:${type}`, name);
  const check = (inputs: Props, olds: Props = {}) =>
    current().server.check(urn("p"), olds, { ...inputs, __provider: current().providerText });
  const checked = async (inputs: Props, olds: Props = {}) => {
    const { inputs: news, failures } = await check(inputs, olds);
    if (failures.length > 0) throw new Error(`check failed: ${JSON.stringify(failures)}`);
    return news;
  };
  return {
    urn,
    check,
    /** check, then create; the outputs and the checked inputs */
    async create(name: string, inputs: Props): Promise<{ id: string; outs: Props; news: Props }> {
      const news = await checked(inputs);
      const { id, properties } = await current().server.create(urn(name), news);
      return { id, outs: properties, news };
    },
    /** check, then diff against the outputs `olds` */
    async plan(id: string, olds: Props, inputs: Props) {
      const news = await checked(inputs, olds);
      return { diff: await current().server.diff(urn("p"), id, olds, news), news };
    },
  };
}

/** The keys of inputs (checked or refreshed) a program writes: all but the serialized provider, sorted. */
export const programKeys = (inputs: Props): string[] =>
  Object.keys(inputs)
    .filter((k) => k !== "__provider")
    .sort();
