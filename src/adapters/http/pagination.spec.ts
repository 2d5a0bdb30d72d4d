import { pageOf } from './pagination';

const rows = (...ids: string[]) => ids.map((id) => ({ id }));

describe('pageOf', () => {
  it('keeps limit rows and points the cursor at the last one when the extra row shows more follow', () => {
    expect(pageOf(rows('pay_5', 'pay_4', 'pay_3'), 2)).toEqual({ data: rows('pay_5', 'pay_4'), has_more: true, next_cursor: 'pay_4' });
  });

  it('ends the list with a null cursor when no extra row came back', () => {
    expect(pageOf(rows('pay_2', 'pay_1'), 2)).toEqual({ data: rows('pay_2', 'pay_1'), has_more: false, next_cursor: null });
  });

  it('makes the cursor of rows without an id with the given function', () => {
    const rates = [
      { region_id: 'reg_1', currency: 'KES' },
      { region_id: 'reg_1', currency: 'UGX' },
    ];

    expect(pageOf(rates, 1, (r) => `${r.region_id}:${r.currency}`).next_cursor).toBe('reg_1:KES');
  });
});
