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
}

/** Where the kernel checks each right: syscall-facts.ts (`rightCheckedBy`). */
export const RIGHT_SPECS: readonly RightSpec[] = RIGHT_NAMES.map((name) => ({ name, value: RIGHTS[name] }));

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
