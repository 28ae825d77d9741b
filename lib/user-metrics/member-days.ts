/**
 * The activity log (`company_member_days`): for each UTC day, every member active that day with the
 * quarter hours of their first and last session start. Every zone's midnights fall on a quarter
 * hour of UTC (all offsets in use since 1972 are multiples of 15 minutes), so the members active
 * in any span of quarter hours — a day or a window of days in any zone — follow from it exactly:
 * a span covers whole UTC days, or a day's first quarters (active when their first start is in
 * them), or its last quarters (when their last start is). This module is its codec and reader; the
 * SQL side writes the same bytes (`um_member_day_entry`, db/functions.sql).
 */

export const QUARTERS_PER_DAY = 96;
export const QUARTER_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** Six bytes per member-day: the member's number (int4), then first * 96 + last (int2), big-endian. */
export const ENTRY_BYTES = 6;

export type MemberDay = { no: number; first: number; last: number };

/** The UTC day (YYYY-MM-DD) and its quarter hour (0–95) of an instant. */
export function utcQuarter(at: Date): { day: string; quarter: number } {
  const ms = at.getTime();
  const dayNo = Math.floor(ms / DAY_MS);
  return {
    day: new Date(dayNo * DAY_MS).toISOString().slice(0, 10),
    quarter: Math.floor((ms - dayNo * DAY_MS) / QUARTER_MS),
  };
}

export function encodeEntries(entries: readonly MemberDay[]): Uint8Array {
  const out = new Uint8Array(entries.length * ENTRY_BYTES);
  const view = new DataView(out.buffer);
  entries.forEach((e, i) => {
    view.setInt32(i * ENTRY_BYTES, e.no);
    view.setInt16(i * ENTRY_BYTES + 4, e.first * QUARTERS_PER_DAY + e.last);
  });
  return out;
}

export function decodeEntries(bytes: Uint8Array): MemberDay[] {
  const { nos, first, last } = decodeChunk(bytes);
  return Array.from(nos, (no, i) => ({ no, first: first[i]!, last: last[i]! }));
}

/** A chunk (or a day's chunks merged) decoded: member numbers with their first and last quarter. */
export type DecodedDay = { nos: Int32Array; first: Uint8Array; last: Uint8Array };

export function decodeChunk(c: Uint8Array): DecodedDay {
  const n = Math.floor(c.byteLength / ENTRY_BYTES);
  const nos = new Int32Array(n);
  const first = new Uint8Array(n);
  const last = new Uint8Array(n);
  for (let i = 0, at = 0; i < n; i++, at += ENTRY_BYTES) {
    nos[i] = (c[at]! << 24) | (c[at + 1]! << 16) | (c[at + 2]! << 8) | c[at + 3]!;
    const fl = (c[at + 4]! << 8) | c[at + 5]!;
    const f = (fl / QUARTERS_PER_DAY) | 0;
    first[i] = f;
    last[i] = fl - f * QUARTERS_PER_DAY;
  }
  return { nos, first, last };
}

/** A day's chunks as one: each member once, first = least, last = greatest. */
export function mergeChunks(chunks: readonly DecodedDay[]): DecodedDay {
  if (chunks.length === 1) return chunks[0]!;
  const at = new Map<number, number>();
  const nos: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  for (const c of chunks)
    for (let i = 0; i < c.nos.length; i++) {
      const no = c.nos[i]!;
      const j = at.get(no);
      if (j === undefined) {
        at.set(no, nos.length);
        nos.push(no);
        first.push(c.first[i]!);
        last.push(c.last[i]!);
      } else {
        if (c.first[i]! < first[j]!) first[j] = c.first[i]!;
        if (c.last[i]! > last[j]!) last[j] = c.last[i]!;
      }
    }
  return { nos: Int32Array.from(nos), first: Uint8Array.from(first), last: Uint8Array.from(last) };
}

/** Bytes a decoded chunk holds in memory. */
export const decodedBytes = (d: DecodedDay) => d.nos.byteLength + d.first.byteLength + d.last.byteLength;

/**
 * Decoded chunks by chunk id, least recently used dropped past `maxBytes`. A chunk's content never
 * changes (merging and refreshing write new chunks with new ids), so a cached chunk is exact for as
 * long as its id is in the log; readers list the ids first and fetch only the chunks not held.
 */
export class ChunkCache {
  private readonly chunks = new Map<string, DecodedDay>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  get(id: string): DecodedDay | undefined {
    const hit = this.chunks.get(id);
    if (hit) {
      this.chunks.delete(id);
      this.chunks.set(id, hit);
    }
    return hit;
  }
  set(id: string, day: DecodedDay) {
    if (this.chunks.has(id)) return;
    this.chunks.set(id, day);
    this.bytes += decodedBytes(day);
    for (const [old, d] of this.chunks) {
      if (this.bytes <= this.maxBytes) break;
      this.chunks.delete(old);
      this.bytes -= decodedBytes(d);
    }
  }
  get size() {
    return this.bytes;
  }
}

/** A day's entries of the members that count (a copy: decoded chunks are shared through the cache). */
function only(day: DecodedDay, counted: Uint8Array): DecodedDay {
  const n = day.nos.length;
  const nos = new Int32Array(n);
  const first = new Uint8Array(n);
  const last = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const no = day.nos[i]!;
    if (no >= counted.length || counted[no] === 0) continue;
    nos[k] = no;
    first[k] = day.first[i]!;
    last[k] = day.last[i]!;
    k++;
  }
  return { nos: nos.subarray(0, k), first: first.subarray(0, k), last: last.subarray(0, k) };
}

const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/**
 * The log of some UTC days, read for the members that count (`counted[no]`): answers how many of
 * them were active in a span of quarter hours. A day's chunks are merged (first = min, last = max),
 * so a day written by a refresh and then by many batches reads as one.
 */
export class ActivityLog {
  private readonly days = new Map<number, DecodedDay>();
  /** Per member number, the last span that counted them (spans are numbered from 1). */
  private readonly seen: Int32Array;
  private span = 0;

  constructor(chunks: readonly { day: string; chunk: DecodedDay }[], counted: Uint8Array) {
    this.seen = new Int32Array(counted.length);
    const byDay = new Map<number, DecodedDay[]>();
    for (const c of chunks) {
      const d = dayNumber(c.day);
      const list = byDay.get(d);
      if (list) list.push(c.chunk);
      else byDay.set(d, [c.chunk]);
    }
    for (const [d, list] of byDay) this.days.set(d, only(mergeChunks(list), counted));
  }

  /**
   * The members active in the quarter hours [from, to) (quarters since 1970-01-01T00:00Z), or null
   * when the log cannot tell: a span inside one UTC day that starts after its first quarter and
   * ends before its last, for a member whose first start is before it and last start after it
   * (only a day shorter than 24 hours that lies inside one UTC day, which no zone has had since
   * 1972, can ask that).
   */
  activeIn(from: number, to: number): number | null {
    if (to <= from) return 0;
    const span = ++this.span;
    const seen = this.seen;
    let count = 0;
    const lastDay = Math.floor((to - 1) / QUARTERS_PER_DAY);
    for (let d = Math.floor(from / QUARTERS_PER_DAY); d <= lastDay; d++) {
      const day = this.days.get(d);
      if (!day) continue;
      const lo = Math.max(from - d * QUARTERS_PER_DAY, 0);
      const hi = Math.min(to - d * QUARTERS_PER_DAY, QUARTERS_PER_DAY);
      const { nos, first, last } = day;
      const n = nos.length;
      if (lo === 0 && hi === QUARTERS_PER_DAY) {
        for (let i = 0; i < n; i++) {
          const no = nos[i]!;
          if (seen[no] !== span) {
            seen[no] = span;
            count++;
          }
        }
      } else if (lo === 0) {
        for (let i = 0; i < n; i++) {
          const no = nos[i]!;
          if (first[i]! < hi && seen[no] !== span) {
            seen[no] = span;
            count++;
          }
        }
      } else if (hi === QUARTERS_PER_DAY) {
        for (let i = 0; i < n; i++) {
          const no = nos[i]!;
          if (last[i]! >= lo && seen[no] !== span) {
            seen[no] = span;
            count++;
          }
        }
      } else {
        for (let i = 0; i < n; i++) {
          const no = nos[i]!;
          const f = first[i]!;
          const l = last[i]!;
          if ((f >= lo && f < hi) || (l >= lo && l < hi)) {
            if (seen[no] !== span) {
              seen[no] = span;
              count++;
            }
          } else if (f < lo && l >= hi) return null;
        }
      }
    }
    return count;
  }
}

/** An instant (ms since 1970) as a quarter number, or null when it is not on a quarter hour. */
export function quarterNumber(ms: number): number | null {
  return ms % QUARTER_MS === 0 ? ms / QUARTER_MS : null;
}
