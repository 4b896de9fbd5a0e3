import type { PairTable } from "./pair-table";
import type { CooccurrenceModel, ItemId } from "./types";

/** Position of the pair (a → b) in the model's arrays, by binary search of a's sorted row; -1 if never together. */
export function pairPosition(model: CooccurrenceModel, a: number, b: number): number {
  let lo = model.rowStart[a];
  let hi = model.rowStart[a + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const partner = model.partners[mid];
    if (partner === b) return mid;
    if (partner < b) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Freezes counts kept by slot (slots in any id order) into the model. No comparison sort of
 * pairs: entries are bucketed by column, then appended to their rows in that order, so every
 * row comes out sorted.
 */
export function buildCooccurrenceModel(
  totalOrders: number,
  slotIds: readonly ItemId[],
  slotCounts: readonly number[],
  pairs: Pick<PairTable, "size" | "forEach">,
): CooccurrenceModel {
  const liveSlots: number[] = [];
  for (let s = 0; s < slotIds.length; s++) if (slotCounts[s] > 0) liveSlots.push(s);
  liveSlots.sort((a, b) => slotIds[a] - slotIds[b]);
  const indexOfSlot = new Int32Array(slotIds.length).fill(-1);
  liveSlots.forEach((slot, index) => (indexOfSlot[slot] = index));

  const n = liveSlots.length;
  const items = liveSlots.map((s) => slotIds[s]);
  const itemCounts = Float64Array.from(liveSlots, (s) => slotCounts[s]);
  const indexOf = new Map<ItemId, number>(items.map((id, i) => [id, i]));

  let nnz = 2 * pairs.size;
  const entryRow = new Int32Array(nnz);
  const entryCol = new Int32Array(nnz);
  const entryVal = new Float64Array(nnz);
  let e = 0;
  pairs.forEach((lo, hi, count) => {
    const a = indexOfSlot[lo];
    const b = indexOfSlot[hi];
    if (a < 0 || b < 0) return; // an item whose count fell to zero takes any rounding leftovers with it
    entryRow[e] = a;
    entryCol[e] = b;
    entryVal[e++] = count;
    entryRow[e] = b;
    entryCol[e] = a;
    entryVal[e++] = count;
  });

  nnz = e;
  const byCol = countingOrder(entryCol.subarray(0, nnz), n);
  const rowStart = prefixCounts(entryRow.subarray(0, nnz), n);
  const fill = rowStart.slice(0, n);
  const partners = new Int32Array(nnz);
  const pairCounts = new Float64Array(nnz);
  for (let i = 0; i < nnz; i++) {
    const k = byCol[i];
    const at = fill[entryRow[k]]++;
    partners[at] = entryCol[k];
    pairCounts[at] = entryVal[k];
  }
  return { totalOrders, items, indexOf, itemCounts, rowStart, partners, pairCounts };
}

/** offsets[k] = number of keys < k; length n + 1. */
function prefixCounts(keys: Int32Array, n: number): Int32Array {
  const offsets = new Int32Array(n + 1);
  for (const key of keys) offsets[key + 1]++;
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  return offsets;
}

/** Entry positions ordered by key (stable counting sort). */
function countingOrder(keys: Int32Array, n: number): Int32Array {
  const next = prefixCounts(keys, n).slice(0, n);
  const order = new Int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) order[next[keys[k]]++] = k;
  return order;
}
