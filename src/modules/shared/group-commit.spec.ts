import { GroupCommit, type Settled } from './group-commit';

/** A write whose batches stay in flight until the test lets each one finish. */
function heldWrites() {
  const batches: { items: readonly number[]; finish: () => void }[] = [];
  const write = (items: readonly number[]) =>
    new Promise<Settled<string>[]>((resolve) => {
      batches.push({ items, finish: () => resolve(items.map((i) => ({ ok: true, value: `done ${i}` }))) });
    });
  return { batches, write };
}

/** Lets the group commit start what it has scheduled (it starts batches on the next turn of the event loop). */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Turns the event loop until `condition` holds (a few turns at most: promise callbacks, then the scheduled batch). */
async function turnsUntil(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10 && !condition(); turn += 1) await nextTurn();
}

describe('GroupCommit', () => {
  it('writes the items submitted together in one batch, without waiting for a timer when idle', async () => {
    const { batches, write } = heldWrites();
    const commit = new GroupCommit(write, { maxBatch: 10, maxInFlight: 1 });

    const answers = [1, 2, 3].map((i) => commit.submit(i));
    await nextTurn();
    batches[0]!.finish();

    expect(batches.map((b) => b.items)).toEqual([[1, 2, 3]]);
    expect(await Promise.all(answers)).toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('collects what arrives while a batch is being written into the next batch', async () => {
    const { batches, write } = heldWrites();
    const commit = new GroupCommit(write, { maxBatch: 10, maxInFlight: 1 });

    const first = commit.submit(1);
    await nextTurn();
    const later = [2, 3, 4].map((i) => commit.submit(i));
    await nextTurn();
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    batches[0]!.finish();
    await first;
    await turnsUntil(() => batches.length === 2);
    batches[1]!.finish();

    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    expect(await Promise.all(later)).toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('splits a crowd into batches of at most maxBatch, with up to maxInFlight written at once', async () => {
    const { batches, write } = heldWrites();
    const commit = new GroupCommit(write, { maxBatch: 2, maxInFlight: 2 });

    const answers = [1, 2, 3, 4, 5].map((i) => commit.submit(i));
    await nextTurn();
    expect(batches.map((b) => b.items)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    batches[0]!.finish();
    batches[1]!.finish();
    await Promise.all(answers.slice(0, 4));
    await turnsUntil(() => batches.length === 3);
    batches[2]!.finish();

    expect(batches.map((b) => b.items)).toEqual([[1, 2], [3, 4], [5]]);
    expect(await Promise.all(answers)).toHaveLength(5);
  });

  it('gives each item its own outcome, and a failed write to every item of that batch only', async () => {
    let calls = 0;
    const commit = new GroupCommit<number, number>(
      async (items) => {
        calls += 1;
        if (calls === 2) throw new Error('the batch transaction failed');
        return items.map((i): Settled<number> => (i % 2 === 0 ? { ok: true, value: i * 10 } : { ok: false, error: new Error(`odd ${i}`) }));
      },
      { maxBatch: 2, maxInFlight: 1 },
    );

    const outcomes = await Promise.allSettled([1, 2, 3, 4, 6].map((i) => commit.submit(i)));

    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      'odd 1',
      20,
      'the batch transaction failed',
      'the batch transaction failed',
      60,
    ]);
  });
});
