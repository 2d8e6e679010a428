/** Property fragments several resource schemas share (each still declares its own change rule). */

/** A resource ID as the ELB API issues them (UUIDs in practice). */
export const idString = { type: "string", minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9][A-Za-z0-9_-]*$", "x-why": "must be an ID (letters, digits, - and _)" } as const;
