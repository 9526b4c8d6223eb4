/** IP addresses and CIDR ranges as big integers, for filter-chain prefix_ranges. */

export interface ParsedIp {
  family: 4 | 6;
  value: bigint;
}

/** Parses an IPv4 or IPv6 address ("10.0.0.1", "::1", "::ffff:10.0.0.1"); undefined if it is not one. */
export function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let body = text.replace(/^\[|\]$/g, "");
  const zone = body.indexOf("%");
  if (zone >= 0) body = body.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(body) || !body.includes(":")) return undefined;
  const lastColon = body.lastIndexOf(":");
  const last = body.slice(lastColon + 1);
  if (last.includes(".")) {
    // Embedded IPv4 tail ("::ffff:10.0.0.1"): rewrite it as two hex groups.
    const v4 = parseIpv4(last);
    if (v4 === undefined) return undefined;
    body = `${body.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const group = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if (head === undefined || rest === undefined) return undefined;
  const known = head.length + rest.length;
  if (halves.length === 2 ? known > 7 : known !== 8) return undefined;
  const groups = halves.length === 2 ? [...head, ...new Array<number>(8 - known).fill(0), ...rest] : head;
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/**
 * If `address` lies in `prefix/len`, the prefix length (the match's specificity); else undefined.
 * An IPv4 address also matches an IPv4-mapped IPv6 range and vice versa.
 */
export function cidrMatchLength(address: string, prefix: string, len: number): number | undefined {
  const ip = parseIp(address);
  const net = parseIp(prefix);
  if (ip === undefined || net === undefined) return undefined;
  let a = ip;
  let n = net;
  let bits = len;
  if (a.family !== n.family) {
    // Compare in IPv6 space with ::ffff:0:0/96 mapping.
    const mapped = (p: ParsedIp): ParsedIp => (p.family === 4 ? { family: 6, value: 0xffff00000000n | p.value } : p);
    if (n.family === 4) bits += 96;
    a = mapped(a);
    n = mapped(n);
  }
  const width = a.family === 4 ? 32 : 128;
  if (bits < 0 || bits > width) return undefined;
  const shift = BigInt(width - bits);
  return a.value >> shift === n.value >> shift ? len : undefined;
}
