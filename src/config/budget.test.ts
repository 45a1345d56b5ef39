import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyBudget } from './budget.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'kmsct-budget-'));

describe('KeyBudget', () => {
  it('is full of unplanned keys exactly when --max-keys of them are taken, by any holder of the folder', () => {
    const dir = stateDir();
    const mine = new KeyBudget(dir, 3);
    const other = new KeyBudget(dir, 3);
    expect(mine.unplannedFull()).toBe(false);
    expect(other.take('unplanned')).toBeDefined();
    expect(mine.take('unplanned')).toBeDefined();
    expect(mine.unplannedFull()).toBe(false);
    expect(other.take('unplanned')).toBeDefined();
    expect(mine.unplannedFull()).toBe(true);
    expect(mine.take('unplanned')).toBeUndefined();
    expect(mine.free('planned')).toBe(3);
  });

  it('gives planned slots back, and never counts them as unplanned', () => {
    const budget = new KeyBudget(stateDir(), 2);
    const a = budget.take();
    const b = budget.take();
    expect(budget.take()).toBeUndefined();
    budget.give(a as string);
    expect(budget.free()).toBe(1);
    expect(budget.take()).toBe(a);
    expect(b).not.toBe(a);
    expect(budget.unplannedFull()).toBe(false);
  });

  it('has no cap at 0', () => {
    const budget = new KeyBudget(stateDir(), 0);
    for (let i = 0; i < 5; i++) budget.take('unplanned');
    expect(budget.unplannedFull()).toBe(false);
    expect(budget.free()).toBe(Number.POSITIVE_INFINITY);
  });
});
