/**
 * The two IAM calls a client needs: GET /v3/projects (discover the project ID by region name; the
 * account holds one project per region) and POST /v3/auth/tokens (a password token scoped to a
 * project). Written from ELB-API.md "Authentication"; the tokens themselves are kept by `TokenStore`
 * (auth.ts).
 */
import { formatIamTime } from "./auth";
import { ServiceError } from "./errors";
import { FIXTURE_DOMAIN_ID, FIXTURE_DOMAIN_NAME } from "./fixtures";
import { type Call, type RegionScope, type Result, type Route, type RouteDeps, ok } from "./route";
import { type Obj, isPlainObject } from "./validators";

export function iamError(status: number, message: string): ServiceError {
  // (inferred) IAM error codes: the emulator only needs the status to be right.
  return new ServiceError(status, status === 401 ? "IAM.0002" : "IAM.0001", message);
}

/** The object at `key` of `value`, or undefined (own properties only). */
function child(value: unknown, key: string): Obj | undefined {
  if (!isPlainObject(value) || !Object.hasOwn(value, key)) return undefined;
  const inner = value[key];
  return isPlainObject(inner) ? inner : undefined;
}

/** `GET /v3/projects[?name=]`: the account's projects, one per region (named after it), filtered by name. */
function listProjects(d: RouteDeps, c: Call): Result {
  const names = c.query.get("name");
  const projects = d.regions
    .filter((r) => names === undefined || names.includes(r.region))
    .map((r) => ({
      id: r.projectId,
      name: r.region,
      domain_id: FIXTURE_DOMAIN_ID,
      parent_id: FIXTURE_DOMAIN_ID,
      description: "",
      enabled: true,
      is_domain: false,
      links: { self: `${c.baseUrl}/v3/projects/${r.projectId}` },
    }));
  return ok(200, { projects, links: { self: `${c.baseUrl}/v3/projects`, previous: null, next: null } });
}

/** The password identity's user and the project scope, checked against the emulator's one user and its projects. */
function checkPasswordAuth(d: RouteDeps, body: unknown): RegionScope {
  const auth = child(body, "auth");
  const identity = child(auth, "identity");
  const methods = identity?.methods;
  if (!Array.isArray(methods) || !methods.includes("password")) {
    throw iamError(400, 'auth.identity.methods must include "password" (the emulator supports password tokens only).');
  }
  const user = child(child(identity, "password"), "user");
  if (typeof user?.name !== "string" || typeof user.password !== "string") {
    throw iamError(400, "auth.identity.password.user.name and .password are required strings.");
  }
  const domain = child(user, "domain");
  if (typeof domain?.name !== "string" && typeof domain?.id !== "string") {
    throw iamError(400, "auth.identity.password.user.domain.name (or .id) is required.");
  }
  if (user.name !== d.user || user.password !== d.password) throw iamError(401, "The username or password is wrong.");
  const project = child(child(auth, "scope"), "project");
  if (!project || (typeof project.name !== "string" && typeof project.id !== "string")) {
    throw iamError(400, "auth.scope.project.name (or .id) is required: the emulator issues project-scoped tokens only.");
  }
  const scope = d.regions.find(
    (r) => (project.name === undefined || project.name === r.region) && (project.id === undefined || project.id === r.projectId),
  );
  if (!scope) throw iamError(401, `The project ${String(project.name ?? project.id)} does not exist or is not accessible.`);
  return scope;
}

/** A token scoped to one project: it reaches that project only (server.ts). */
function issueToken(d: RouteDeps, c: Call): Result {
  const scope = checkPasswordAuth(d, c.body);
  const issued = d.tokens.issue(scope.projectId, scope.region, d.user, d.now());
  const domainRef = { id: FIXTURE_DOMAIN_ID, name: FIXTURE_DOMAIN_NAME };
  return {
    status: 201,
    headers: { "X-Subject-Token": issued.token },
    body: {
      token: {
        expires_at: formatIamTime(issued.expiresAt),
        issued_at: formatIamTime(issued.issuedAt),
        methods: ["password"],
        project: { id: scope.projectId, name: scope.region, domain: domainRef },
        user: { id: "e0e1e2e3e4e5e6e7e8e9eaebecedeeef", name: d.user, domain: domainRef, password_expires_at: "" },
        roles: [{ id: "0", name: "te_admin" }],
        catalog: [],
      },
    },
  };
}

export const IAM_ROUTES: Route[] = [
  { method: "GET", pattern: /^\/v3\/projects$/, service: "iam", handle: listProjects },
  { method: "POST", pattern: /^\/v3\/auth\/tokens$/, service: "iam", open: true, handle: issueToken },
];
