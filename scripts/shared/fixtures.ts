/** The emulator's fixtures the quickstart runs on: its first load balancer, a TCP listener on it, subnet A. */
import type { Emulator } from "../../emulator";

export function quickstartFixtures(emu: Emulator) {
  const lb = emu.fixtures.loadbalancers[0];
  return {
    lb,
    /** a TCP listener on `lb` (the quickstart's second pool goes there) */
    listener: emu.fixtures.listeners.find((l) => l.protocol === "TCP" && l.loadbalancerId === lb.id),
    /** the 192.168.0.0/24 subnet the backend members are in */
    subnet: emu.fixtures.subnets.find((x) => x.cidr === "192.168.0.0/24"),
  };
}
