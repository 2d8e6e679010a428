// A small inline dynamic provider for the harness self-tests (and demos). Its closure captures only the
// journal directory (a string) and the helper function below, so closure serialization embeds it fully.
// Every call appends a JSON line to <dir>/journal.log; resources live in <dir>/store.json.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

type Props = Record<string, unknown>;
/** The provider's store (<dir>/store.json): each resource's outputs by id, and `__counter`, the last serial given out. */
export type Store = Record<string, unknown>;
/** Where configure leaves the region for create and update (the provider process's global object). */
type RegionHolder = { __harnessRegion?: string | null };

export interface JournalEntry {
  op: "configure" | "check" | "diff" | "create" | "read" | "update" | "delete";
  name?: string;
  id?: string;
  olds?: Record<string, unknown>;
  news?: Record<string, unknown>;
  region?: string;
}

// Serialized into the provider (captured function). No outside references except require.
function journalIo(dir: string, entry?: Props, store?: Store): Store {
  const fsm = require("fs") as typeof fs;
  if (entry) {
    const clean = (o: unknown) => {
      if (!o || typeof o !== "object") return o;
      const c: Props = { ...(o as Props) };
      delete c.__provider;
      return c;
    };
    const e = { ...entry, olds: clean(entry.olds), news: clean(entry.news) };
    fsm.appendFileSync(dir + "/journal.log", JSON.stringify(e) + "\n");
  }
  if (store) {
    fsm.writeFileSync(dir + "/store.json", JSON.stringify(store));
    return store;
  }
  return fsm.existsSync(dir + "/store.json") ? (JSON.parse(fsm.readFileSync(dir + "/store.json", "utf8")) as Store) : {};
}

/**
 * Rules: `bad: true` fails Check on "bad"; a change of `zone` (or an unknown zone) needs replacement,
 * with deleteBeforeReplace when `dbr: true`; any other change is an update; `partial: true` makes
 * Create/Update throw a partial-failure error (id, properties, reasons). Outputs add `region` (from
 * configure) and `serial` (a per-dir counter, kept across updates).
 */
export function journalProvider(dir: string): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest) {
      const region = req.config.get("huaweicloud:region");
      (global as RegionHolder).__harnessRegion = region;
      journalIo(dir, { op: "configure", region });
    },
    async check(olds: Props, news: Props) {
      journalIo(dir, { op: "check", name: news.name, olds, news });
      const failures = news.bad === true ? [{ property: "bad", reason: "must not be true" }] : [];
      return { inputs: news, failures };
    },
    async diff(id: string, olds: Props, news: Props) {
      journalIo(dir, { op: "diff", name: news.name, id, olds, news });
      const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
      const computed = ["region", "serial", "__provider"];
      const changed = [...keys].filter((k) => !computed.includes(k) && JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
      const replaces = changed.filter((k) => k === "zone");
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: news.dbr === true };
    },
    async create(inputs: Props) {
      const store = journalIo(dir);
      const serial = ((store.__counter as number | undefined) ?? 0) + 1;
      store.__counter = serial;
      const id = `${inputs.name as string}-${serial}`;
      const outs = { ...inputs, region: (global as RegionHolder).__harnessRegion ?? null, serial };
      store[id] = outs;
      journalIo(dir, { op: "create", name: inputs.name, id, news: inputs }, store);
      if (inputs.partial === true) {
        throw Object.assign(new Error(`${id} created but not ready`), { id, properties: outs, reasons: ["not ready"] });
      }
      return { id, outs };
    },
    async read(id: string, props: Props) {
      const store = journalIo(dir);
      journalIo(dir, { op: "read", name: props.name, id });
      if (!store[id]) return { id: "", props: {} };
      return { id, props: store[id] as Props };
    },
    async update(id: string, olds: Props, news: Props) {
      const store = journalIo(dir);
      const outs = { ...news, region: (global as RegionHolder).__harnessRegion ?? null, serial: olds.serial };
      store[id] = outs;
      journalIo(dir, { op: "update", name: news.name, id, olds, news }, store);
      if (news.partial === true) {
        throw Object.assign(new Error(`${id} updated but not ready`), { id, properties: outs, reasons: ["still not ready"] });
      }
      return { outs };
    },
    async delete(id: string, props: Props) {
      const store = journalIo(dir);
      delete store[id];
      journalIo(dir, { op: "delete", name: props.name, id }, store);
    },
  };
}

export interface ThingArgs {
  name: pulumi.Input<string>;
  size?: pulumi.Input<number>;
  zone?: pulumi.Input<string>;
  dep?: pulumi.Input<unknown>;
  dbr?: boolean;
  bad?: boolean;
  partial?: boolean;
  nothing?: null;
}

export class Thing extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly size: pulumi.Output<number | undefined>;
  declare readonly zone: pulumi.Output<string | undefined>;
  declare readonly dep: pulumi.Output<unknown>;
  declare readonly region: pulumi.Output<string | null>;
  declare readonly serial: pulumi.Output<number>;
  constructor(provider: pulumi.dynamic.ResourceProvider, name: string, args: ThingArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { region: undefined, serial: undefined, ...args }, opts, "harness", "Thing");
  }
}

export function readJournal(dir: string): JournalEntry[] {
  const f = path.join(dir, "journal.log");
  if (!fs.existsSync(f)) return [];
  return fs
    .readFileSync(f, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JournalEntry);
}

export function clearJournal(dir: string): void {
  fs.rmSync(path.join(dir, "journal.log"), { force: true });
}

export function readStore(dir: string): Store {
  const f = path.join(dir, "store.json");
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, "utf8")) as Store) : {};
}

/** The stored outputs of resource `id` (undefined: none). */
export function storedOutputs(dir: string, id: string): Props | undefined {
  return readStore(dir)[id] as Props | undefined;
}

export function writeStore(dir: string, store: Store): void {
  fs.writeFileSync(path.join(dir, "store.json"), JSON.stringify(store));
}
