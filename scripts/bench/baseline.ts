/**
 * The per-member baseline: what the Terraform provider (huaweicloud_elb_member) does for each member, over
 * the same HTTP client: create = POST, GET until the status leaves INITIAL, then a GET (read after create);
 * update = PUT + GET; refresh = one GET per member; delete = one DELETE per member. Up to 10 requests in
 * flight (Terraform's default parallelism). The refresh Terraform runs before each plan is not counted.
 */
import type { ElbClient } from "../../provider/http/client";
import { runPool } from "./measure";

export interface BaselineMember {
  address: string;
  protocolPort: number;
  subnetCidrId: string;
  weight?: number;
}

/** Terraform's default -parallelism. */
export const PARALLELISM = 10;
const POLL_MS = 100;
const MAX_POLLS = 50;

type Member = { id: string; operating_status?: string };

export function perMemberBaseline(client: ElbClient, poolId: string) {
  const path = (id?: string) => ["pools", poolId, "members", ...(id ? [id] : [])];
  const get = async (id: string) => (await client.elb<{ member: Member }>({ method: "GET", path: path(id) })).body.member;
  const each = async <T>(items: T[], fn: (item: T, i: number) => Promise<void>) => {
    await runPool(items.length, PARALLELISM, (i) => fn(items[i]!, i));
  };
  return {
    async create(members: BaselineMember[]): Promise<string[]> {
      const ids: string[] = new Array<string>(members.length);
      await each(members, async (m, i) => {
        const body = { member: { address: m.address, protocol_port: m.protocolPort, subnet_cidr_id: m.subnetCidrId } };
        const res = await client.elb<{ member: Member }>({ method: "POST", path: path(), body, creates: true });
        const id = res.body.member.id;
        for (let n = 0; n < MAX_POLLS && (await get(id)).operating_status === "INITIAL"; n++)
          await new Promise((r) => setTimeout(r, POLL_MS));
        await get(id);
        ids[i] = id;
      });
      return ids;
    },
    update: (changed: { id: string; weight: number }[]) =>
      each(changed, async ({ id, weight }) => {
        await client.elb({ method: "PUT", path: path(id), body: { member: { weight } } });
        await get(id);
      }),
    refresh: (ids: string[]) =>
      each(ids, async (id) => {
        await get(id);
      }),
    remove: (ids: string[]) =>
      each(ids, async (id) => {
        await client.elb({ method: "DELETE", path: path(id) });
      }),
  };
}
