/**
 * The example requests and responses of the seeds, copied verbatim (parsed JSON): 000 and 003
 * (active/standby pool; both pages carry the same example) and 001 (legacy v2 pool, three examples).
 * Used by the emulator tests (each request is accepted; answers have the example's keys and types)
 * and by the provider tests (the equivalent camelCase inputs send the same body).
 */

/** Seeds 000 and 003: POST /v3/99a3fff0d03c428eac3678da6a7d0f24/elb/master-slave-pools */
export const masterSlaveExample = {
  request: {
    pool: {
      name: "My pool",
      lb_algorithm: "LEAST_CONNECTIONS",
      listener_id: "0b11747a-b139-492f-9692-2df0b1c87193",
      protocol: "TCP",
      type: "ip",
      members: [
        {
          protocol_port: 89,
          name: "My member",
          address: "120.10.10.16",
          role: "master",
        },
        {
          protocol_port: 89,
          address: "110.4.10.16",
          role: "slave",
        },
      ],
      healthmonitor: {
        name: "My Healthmonitor",
        max_retries: 3,
        type: "HTTP",
        timeout: 30,
        delay: 1,
      },
    },
  },
  response: {
    pool: {
      lb_algorithm: "LEAST_CONNECTIONS",
      type: "ip",
      vpc_id: "3sae7086-a416-4666-9064-5b340e6840125",
      protocol: "TCP",
      description: "",
      loadbalancers: [
        {
          id: "098b2f68-af1c-41a9-8efd-69958722af62",
        },
      ],
      project_id: "99a3fff0d03c428eac3678da6a7d0f24",
      session_persistence: null,
      healthmonitor: {
        monitor_port: null,
        id: "36ce7086-a496-4666-9064-5ba0e6840c75",
        domain_name: "",
        name: "My Healthmonitor",
        max_retries: 3,
        max_retries_down: 3,
        admin_state_up: true,
        type: "HTTP",
        timeout: 30,
        delay: 1,
        http_method: "get",
        url_path: "/",
        expected_codes: "200",
      },
      listeners: [
        {
          id: "0b11747a-b139-492f-9692-2df0b1c87193",
        },
      ],
      members: [
        {
          admin_state_up: true,
          address: "172.16.0.210",
          protocol_port: 80,
          id: "2e7b36d2-66c8-4825-bcd2-211d99978680",
          operating_status: "OFFLINE",
          status: [
            {
              listener_id: "0b11747a-b139-492f-9692-2df0b1c87193",
              operating_status: "OFFLINE",
            },
          ],
          instance_id: "",
          device_id: "",
          device_owner: "",
          member_type: "ip",
          role: "master",
          ip_version: "v4",
          name: "cx-test-master",
          subnet_cidr_id: "",
        },
        {
          admin_state_up: true,
          address: "172.16.0.211",
          protocol_port: 81,
          id: "2e7b36d2-66c8-4823-bsd2-21sa199978681",
          operating_status: "OFFLINE",
          instance_id: "",
          device_id: "",
          device_owner: "",
          member_type: "ip",
          role: "slave",
          ip_version: "v4",
          name: "cx-test-slave",
          subnet_cidr_id: "",
          status: [
            {
              listener_id: "0b11747a-b139-492f-9692-2df0b1c87193",
              operating_status: "OFFLINE",
            },
          ],
        },
      ],
      id: "36ce7086-a496-4666-9064-5ba0e6840c75",
      name: "My pool",
      ip_version: "dualstack",
      created_at: "2021-03-26T01:33:12Z",
      updated_at: "2021-03-26T01:33:12Z",
    },
    request_id: "2d974978-0733-404d-a21a-b29204f4803a",
  },
};

/** Seed 001: POST /v2/{project_id}/elb/pools, 请求样例 1-3 with 响应样例 1-3 */
export const v2Examples = [
  {
    request: {
      pool: {
        lb_algorithm: "ROUND_ROBIN",
        loadbalancer_id: "63ad9dfe-4750-479f-9630-ada43ccc8117",
        protocol: "HTTP",
      },
    },
    response: {
      pool: {
        lb_algorithm: "ROUND_ROBIN",
        protocol: "HTTP",
        description: "",
        admin_state_up: true,
        loadbalancers: [
          {
            id: "63ad9dfe-4750-479f-9630-ada43ccc8117",
          },
        ],
        tenant_id: "601240b9c5c94059b63d484c92cfe308",
        project_id: "601240b9c5c94059b63d484c92cfe308",
        session_persistence: null,
        healthmonitor_id: null,
        listeners: [],
        members: [],
        id: "4e496951-befb-47bf-9573-c1cd11825c07",
        name: "",
      },
    },
  },
  {
    request: {
      pool: {
        lb_algorithm: "ROUND_ROBIN",
        loadbalancer_id: "370fb112-e920-486a-b051-1d0d30704dd3",
        protocol: "HTTP",
        session_persistence: {
          cookie_name: "my_cookie",
          type: "APP_COOKIE",
          persistence_timeout: 1,
        },
        admin_state_up: true,
      },
    },
    response: {
      pool: {
        lb_algorithm: "ROUND_ROBIN",
        protocol: "HTTP",
        description: "",
        admin_state_up: true,
        loadbalancers: [
          {
            id: "6b041b9e-976b-40ba-b075-375be6110b53",
          },
        ],
        tenant_id: "145483a5107745e9b3d80f956713e6a3",
        project_id: "145483a5107745e9b3d80f956713e6a3",
        session_persistence: {
          cookie_name: "my_cookie",
          type: "APP_COOKIE",
          persistence_timeout: 1,
        },
        healthmonitor_id: null,
        listeners: [
          {
            id: "370fb112-e920-486a-b051-1d0d30704dd3",
          },
        ],
        members: [],
        id: "307f8968-9474-4d0c-8434-66be09dabcc1",
        name: "",
      },
    },
  },
  {
    request: {
      pool: {
        lb_algorithm: "ROUND_ROBIN",
        loadbalancer_id: "63ad9dfe-4750-479f-9630-ada43ccc8117",
        protocol: "HTTP",
        session_persistence: {
          type: "HTTP_COOKIE",
        },
      },
    },
    response: {
      pool: {
        lb_algorithm: "ROUND_ROBIN",
        protocol: "HTTP",
        description: "",
        admin_state_up: true,
        loadbalancers: [
          {
            id: "63ad9dfe-4750-479f-9630-ada43ccc8117",
          },
        ],
        tenant_id: "601240b9c5c94059b63d484c92cfe308",
        project_id: "601240b9c5c94059b63d484c92cfe308",
        session_persistence: {
          persistence_timeout: 1440,
          cookie_name: null,
          type: "HTTP_COOKIE",
        },
        healthmonitor_id: null,
        listeners: [],
        members: [],
        id: "d46eab56-d76b-4cd3-8952-3c3c4cf113aa",
        name: "",
      },
    },
  },
];
