import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../lanes';
import {
  EARLY_ACCEPT_CHOICES,
  MERGE_CHOICES,
  REVEAL_CHOICES,
  SCENARIO_CHOICES,
  scenarioChoice,
  THEME_CHOICES,
} from './choices';
import { EARLY_ACCEPT, MERGES, REVEALS, THEMES } from './settings';

const values = (choices: readonly { value: string }[]) => choices.map((choice) => choice.value);

describe('the settings panel has words for every option', () => {
  it('labels each merge, reveal, early-accept and theme value, in the order of the settings', () => {
    expect(values(MERGE_CHOICES)).toEqual([...MERGES]);
    expect(values(REVEAL_CHOICES)).toEqual([...REVEALS]);
    expect(values(EARLY_ACCEPT_CHOICES)).toEqual([...EARLY_ACCEPT]);
    expect(values(THEME_CHOICES)).toEqual([...THEMES]);
  });

  it('describes every scenario the demo server offers, and shows an unknown one by its name', () => {
    expect(values(SCENARIO_CHOICES)).toEqual([...SCENARIOS]);
    expect(scenarioChoice('brand-new')).toEqual({
      value: 'brand-new',
      label: 'brand-new',
      hint: 'The simulator’s “brand-new” scenario.',
    });
  });
});
