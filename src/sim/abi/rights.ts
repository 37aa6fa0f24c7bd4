/** Capability rights bits (kernel/src/cap/cnode.rs, `CapRights`). */
export const RIGHTS = {
  READ: 0x01,
  WRITE: 0x02,
  EXEC: 0x04,
  GRANT: 0x08,
  REVOKE: 0x10,
} as const;

export type RightName = keyof typeof RIGHTS;
export const ALL_RIGHTS = 0x1f;
export const RIGHT_NAMES = Object.keys(RIGHTS) as RightName[];

export interface RightSpec {
  readonly name: RightName;
  readonly value: number;
  /** Where the as-built kernel checks this bit; empty means nowhere. */
  readonly enforcedBy: readonly string[];
}

export const RIGHT_SPECS: readonly RightSpec[] = [
  { name: "READ", value: RIGHTS.READ, enforcedBy: ["SYS_RECV", "SYS_PORT_IN"] },
  { name: "WRITE", value: RIGHTS.WRITE, enforcedBy: ["SYS_SEND", "SYS_PORT_OUT", "SYS_ALLOC_MEMORY"] },
  { name: "EXEC", value: RIGHTS.EXEC, enforcedBy: [] },
  { name: "GRANT", value: RIGHTS.GRANT, enforcedBy: [] },
  { name: "REVOKE", value: RIGHTS.REVOKE, enforcedBy: [] },
];

/** Rights as a scenario writes them: a number, "ALL", or a list of names. */
export type RightsInput = number | "ALL" | readonly RightName[];

export function rightsValue(r: RightsInput): number {
  if (typeof r === "number") return r;
  if (r === "ALL") return ALL_RIGHTS;
  return r.reduce((acc, name) => acc | RIGHTS[name], 0);
}

/** `CapRights::contains`: every bit of `wanted` is present. */
export function hasRights(rights: number, wanted: number): boolean {
  return (rights & wanted) === wanted;
}

export function formatRights(rights: number): string {
  if (rights === 0) return "none";
  if (rights === ALL_RIGHTS) return "ALL";
  return RIGHT_SPECS.filter((r) => rights & r.value)
    .map((r) => r.name)
    .join("|");
}
