import { describe, expect, it } from 'vitest';
import { evenBatches } from './gallery.js';

describe('evenBatches', () => {
  it('splits into a multiple of the lanes, sizes differing by at most one, none above the cap, order kept', () => {
    const items = Array.from({ length: 87 }, (_, i) => i);
    const batches = evenBatches(items, 2, 24);
    expect(batches.map((b) => b.length)).toEqual([21, 22, 22, 22]);
    expect(batches.flat()).toEqual(items);
    expect(evenBatches(items, 2, 44).map((b) => b.length)).toEqual([43, 44]);
    expect(evenBatches(items, 2, 43).map((b) => b.length)).toEqual([21, 22, 22, 22]);
  });

  it('never makes an empty batch, and nothing from nothing', () => {
    expect(evenBatches([1, 2, 3], 8, 24)).toEqual([[1], [2], [3]]);
    expect(evenBatches([], 2, 24)).toEqual([]);
  });
});
