/**
 * Lists: pagination and filters, as every v3 list API takes them (ELB-API.md "Pagination").
 */
import { invalid } from "./errors";
import { type Obj, lookup } from "./validators";

export type Query = Map<string, string[]>;

const MAX_LIMIT = 2000;

/** Filter name → the record's value(s) for it; a query key that is not an own key here is refused. */
export type FilterSpec<T> = Record<string, (item: T) => unknown>;

function single(query: Query, key: string): string | undefined {
  const values = query.get(key);
  if (!values) return undefined;
  if (values.length > 1) throw invalid(key, "Must be given at most once.", values);
  return values[0];
}

const PAGING = ["limit", "marker", "page_reverse"];

/** Refuses a query key that is neither a paging parameter (where the list pages) nor a filter of this list. */
function refuseUnknownKeys<T>(query: Query, filters: FilterSpec<T>, kind: string, paging: readonly string[]): void {
  for (const key of query.keys()) {
    if (!paging.includes(key) && !lookup(filters, key)) {
      throw invalid(key, `Unknown query parameter for listing ${kind}s.`);
    }
  }
}

/** True when the item matches every filter of the query (repeated keys: any of the values). */
export function matchesFilters<T>(item: T, query: Query, filters: FilterSpec<T>): boolean {
  for (const [key, values] of query) {
    const get = lookup(filters, key);
    if (!get) continue;
    const actual = get(item);
    const actuals = (Array.isArray(actual) ? actual : [actual]).map((a) => (a === null || a === undefined ? "" : String(a)));
    if (!values.some((v) => actuals.includes(v))) return false;
  }
  return true;
}

function pageLimit(query: Query): number | undefined {
  const limitText = single(query, "limit");
  if (limitText === undefined) return undefined;
  if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_LIMIT) {
    throw invalid("limit", `Must be an integer between 1 and ${MAX_LIMIT}.`, limitText);
  }
  return Number(limitText);
}

/**
 * `limit` (1-2000, default 2000), `marker` (an existing ID, else 400), `page_reverse`. As the API
 * reference says, marker and page_reverse only take effect together with limit. The list is in creation
 * order (inferred). `next_marker` is the marker to continue in the direction being paged and is absent
 * on the last page; `previous_marker` goes back (both (inferred) for page_reverse).
 */
export function paginate<T extends { id: string }>(
  all: T[],
  query: Query,
  filters: FilterSpec<T>,
  kind: string,
): { items: T[]; page_info: Obj } {
  refuseUnknownKeys(query, filters, kind, PAGING);
  const given = pageLimit(query);
  const reverseText = single(query, "page_reverse");
  if (reverseText !== undefined && reverseText !== "true" && reverseText !== "false") {
    throw invalid("page_reverse", "Must be true or false.", reverseText);
  }
  const markerText = single(query, "marker");
  const paging = given !== undefined;
  const limit = given ?? MAX_LIMIT;
  const reverse = paging && reverseText === "true";
  let markerIndex = -1;
  if (paging && markerText !== undefined) {
    markerIndex = all.findIndex((x) => x.id === markerText);
    if (markerIndex < 0) throw invalid("marker", `${kind} ${markerText} could not be found.`, markerText);
  }

  const matches = (item: T) => matchesFilters(item, query, filters);
  let items: T[];
  let more: boolean;
  if (!reverse) {
    const candidates = all.slice(markerIndex + 1).filter(matches);
    items = candidates.slice(0, limit);
    more = candidates.length > limit;
  } else {
    const candidates = (markerIndex >= 0 ? all.slice(0, markerIndex) : all).filter(matches);
    items = candidates.slice(Math.max(0, candidates.length - limit));
    more = candidates.length > limit;
  }
  const page_info: Obj = { current_count: items.length };
  if (items.length > 0) {
    const first = items[0]!.id;
    const last = items[items.length - 1]!.id;
    page_info.previous_marker = reverse ? last : first;
    if (more) page_info.next_marker = reverse ? first : last;
  }
  return { items, page_info };
}

/** A list without pagination (legacy v2): filters only, any other key refused. */
export function filterOnly<T>(all: T[], query: Query, filters: FilterSpec<T>, kind: string): T[] {
  refuseUnknownKeys(query, filters, kind, []);
  return all.filter((item) => matchesFilters(item, query, filters));
}

/** The filters named `names`, taken from a fuller set (a kind whose list documents fewer). */
export function pickFilters<T>(all: FilterSpec<T>, names: readonly string[]): FilterSpec<T> {
  const out: FilterSpec<T> = {};
  for (const name of names) {
    const get = lookup(all, name);
    if (get) out[name] = get;
  }
  return out;
}
