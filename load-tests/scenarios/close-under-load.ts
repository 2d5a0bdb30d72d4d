import { Decimal } from '../../src/core/money';
import { closeOpenWindow, listRegionPayments, listRegionWindows, must } from '../lib/api';
import type { Check } from '../lib/no-loss';
import { type Basket, crossBorderBaskets, paymentCall } from '../lib/region';
import type { Background, Scenario } from '../lib/scenario';
import { type Flow, readJson } from '../lib/traffic';

interface PaymentRound {
  basket?: Basket;
  reference?: string;
}

interface Close {
  /** Seconds since the steady state started. */
  at: number;
  /** The window's number, or null when the close failed before naming one. */
  window: number | null;
  status: string;
  obligations: number;
  ms: number;
  error?: string;
}

/** Every cross-border payment records three obligations: two domestic legs and the regional one. */
const OBLIGATIONS_PER_PAYMENT = 3;

/**
 * Settlement windows close every few seconds while payments keep arriving: each capture must land in
 * exactly one window, and every acknowledged payment must settle exactly once.
 */
export const closeUnderLoad: Scenario = {
  name: 'close-under-load',
  summary:
    'Merchants take payments priced on the spot with automatic capture (POST /v1/payments) while the operator closes the region\u2019s open settlement window every few seconds (POST /v1/settlement-windows/{id}/close); after the load the last window is closed too and every acknowledged payment must be settled exactly once.',
  async prepare({ api, region, log, options }) {
    const baskets = crossBorderBaskets(region, 1000, 2029);
    let next = 0;
    const flow: Flow<PaymentRound> = {
      steps: [
        {
          operation: 'payment',
          call(round) {
            const basket = baskets[next++ % baskets.length]!;
            round.basket = basket;
            round.reference = log.sendPayment();
            return paymentCall(basket, round.reference);
          },
          answer(status, body, round) {
            const payment = status === 201 ? readJson(body) : null;
            const id = typeof payment?.id === 'string' ? payment.id : null;
            log.paymentAnswered(round.reference!, id);
            return id !== null && payment?.status === 'captured';
          },
        },
      ],
    };

    const closes: Close[] = [];
    const duringSteadyState = (): Background => {
      const startedAt = performance.now();
      let running = true;
      let wake: () => void = () => undefined;
      const closer = (async () => {
        while (running) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, options.closeEverySeconds * 1000);
          });
          if (!running) break;
          const began = performance.now();
          const at = Math.round((began - startedAt) / 100) / 10;
          try {
            const window = await closeOpenWindow(api, region.id);
            const ms = Math.round(performance.now() - began);
            closes.push({ at, window: window.number, status: window.status, obligations: window.obligation_count, ms });
            options.progress?.(`[close] window ${window.number} ${window.status}: ${window.obligation_count} obligations in ${ms} ms`);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            closes.push({ at, window: null, status: 'error', obligations: 0, ms: Math.round(performance.now() - began), error: message });
            options.progress?.(`[close] failed: ${message}`);
          }
        }
      })();
      return {
        async stop() {
          running = false;
          wake();
          await closer;
          const times = closes.map((c) => c.ms).sort((a, b) => a - b);
          return {
            summary:
              closes.length === 0
                ? 'no window closed during the steady state'
                : `${closes.length} windows closed every ${options.closeEverySeconds} s during the steady state; each close took ${times[0]}\u2013${times.at(-1)} ms`,
            events: closes.map((c) => ({ at: c.at, label: c.window === null ? 'close failed' : `window ${c.window} closed` })),
            details: { closeEverySeconds: options.closeEverySeconds, closes },
          };
        },
      };
    };

    const verify = async (): Promise<Check[]> => {
      const last = await closeOpenWindow(api, region.id);
      const windows = await listRegionWindows(api, region.id);
      const payments = await listRegionPayments(api, region.id);
      const closed = windows.filter((w) => w.status !== 'open');
      const settledWindows = new Set(closed.filter((w) => w.status === 'settled').map((w) => w.id));
      const unsettledWindows = closed.filter((w) => w.status !== 'settled');
      const failedCloses = closes.filter((c) => c.error !== undefined);

      const acknowledged = new Set(log.acknowledged().map((r) => r.id!));
      const notSettled = payments.filter(
        (p) => acknowledged.has(p.id) && (p.status !== 'settled' || !settledWindows.has(p.window_id ?? '')),
      );
      const settledPayments = payments.filter((p) => p.status === 'settled');
      const obligations = closed.reduce((sum, w) => sum + w.obligation_count, 0);

      const unbalanced: string[] = [];
      for (const window of closed) {
        const positions = await must(
          api.GET('/v1/settlement-windows/{window_id}/positions', { params: { path: { window_id: window.id } } }),
        );
        const net = positions.central_banks.reduce((sum, p) => sum.plus(p.net), new Decimal(0));
        if (!net.isZero()) unbalanced.push(`window ${window.number}: ${net.toFixed()} ${positions.settlement_asset}`);
      }
      return [
        {
          name: 'every window closed under load settled',
          passed: unsettledWindows.length === 0 && failedCloses.length === 0 && closed.length === closes.length + 1,
          detail:
            `${closes.length} windows closed during the steady state and window ${last.number} after it: ` +
            [
              unsettledWindows.length === 0 ? 'all settled' : unsettledWindows.map((w) => `window ${w.number} ${w.status}`).join(', '),
              ...failedCloses.map((c) => `close at ${c.at} s failed: ${c.error}`),
            ].join('; '),
        },
        {
          name: 'every acknowledged payment settled exactly once, in a settled window',
          passed: notSettled.length === 0,
          detail:
            notSettled.length === 0
              ? `${acknowledged.size} acknowledged payments settled across ${settledWindows.size} windows`
              : notSettled
                  .slice(0, 5)
                  .map((p) => `${p.id} ${p.status} in ${p.window_id}`)
                  .join(', '),
        },
        {
          name: 'each settled payment left its three obligations in the closed windows, no more, no fewer',
          passed: obligations === OBLIGATIONS_PER_PAYMENT * settledPayments.length,
          detail: `${obligations} obligations in ${closed.length} closed windows for ${settledPayments.length} settled payments`,
        },
        {
          name: 'regional net positions sum to zero in every closed window',
          passed: unbalanced.length === 0,
          detail: unbalanced.length === 0 ? `${closed.length} windows checked` : unbalanced.join('; '),
        },
      ];
    };
    return { flow, duringSteadyState, verify };
  },
};
