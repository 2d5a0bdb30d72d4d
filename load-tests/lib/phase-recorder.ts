import { LatencyHistogram, type LatencySummary } from './histogram';

/** One second of a phase, for the progress line and the report's charts. */
export interface Sample {
  /** Seconds since the phase started, at the end of this sample. */
  t: number;
  /** Responses per second in this sample (answered requests, any status). */
  rps: number;
  p50: number;
  p99: number;
  /** Errors in this sample: non-2xx, invalid 2xx, timeouts, connection errors. */
  errors: number;
}

export interface OperationReport {
  sent: number;
  answered: number;
  /** 2xx answers whose content was right. */
  ok: number;
  okPerSecond: number;
  latency: LatencySummary;
  statuses: Record<string, number>;
}

export interface ErrorReport {
  /** Non-2xx answers by status code. */
  byStatus: Record<string, number>;
  /** 2xx answers whose content was wrong (a read returning another payment, a payment not captured…). */
  invalidResponses: number;
  timeouts: number;
  connectionErrors: number;
  total: number;
}

export interface PhaseReport {
  label: string;
  durationSeconds: number;
  connections: number;
  sent: number;
  answered: number;
  ok: number;
  /** Answered requests per second, any status. */
  requestsPerSecond: number;
  latency: LatencySummary;
  operations: Record<string, OperationReport>;
  errors: ErrorReport;
  /** errors.total ÷ (answered + timeouts + connection errors). */
  errorRate: number;
  timeSeries: Sample[];
}

class OperationStats {
  sent = 0;
  answered = 0;
  ok = 0;
  readonly latency = new LatencyHistogram();
  readonly statuses = new Map<number, number>();
}

/**
 * Counts what one phase sent and got back, per operation. autocannon hands the body to the request's
 * `onResponse` and, synchronously right after, the response time to its `response` event; `answered`
 * and `timed` pair them up.
 */
export class PhaseRecorder {
  private readonly operations = new Map<string, OperationStats>();
  private readonly overall = new LatencyHistogram();
  private readonly byStatus = new Map<number, number>();
  private invalid = 0;
  private timeouts = 0;
  private connectionErrors = 0;
  private pending: { operation: string; status: number; valid: boolean } | null = null;

  private second = new LatencyHistogram();
  private secondErrors = 0;
  private secondStartedAt: number;
  private readonly startedAt: number;
  private readonly samples: Sample[] = [];

  constructor(
    readonly label: string,
    private readonly connections: number,
  ) {
    this.startedAt = performance.now();
    this.secondStartedAt = this.startedAt;
  }

  sent(operation: string): void {
    this.stats(operation).sent += 1;
  }

  answered(operation: string, status: number, valid: boolean): void {
    this.pending = { operation, status, valid };
  }

  timed(ms: number): void {
    const answer = this.pending ?? { operation: 'unknown', status: 0, valid: false };
    this.pending = null;
    const stats = this.stats(answer.operation);
    stats.answered += 1;
    stats.latency.record(ms);
    stats.statuses.set(answer.status, (stats.statuses.get(answer.status) ?? 0) + 1);
    this.overall.record(ms);
    this.second.record(ms);
    const success = answer.status >= 200 && answer.status < 300;
    if (success && answer.valid) {
      stats.ok += 1;
    } else {
      if (success) this.invalid += 1;
      else this.byStatus.set(answer.status, (this.byStatus.get(answer.status) ?? 0) + 1);
      this.secondErrors += 1;
    }
  }

  failed(kind: 'timeout' | 'connection_error'): void {
    if (kind === 'timeout') this.timeouts += 1;
    else this.connectionErrors += 1;
    this.secondErrors += 1;
  }

  /** Closes the current sample (normally every second) and returns it. */
  tick(): Sample {
    const now = performance.now();
    const seconds = Math.max((now - this.secondStartedAt) / 1000, 1e-3);
    const sample: Sample = {
      t: round((now - this.startedAt) / 1000),
      rps: round(this.second.count / seconds),
      p50: round(this.second.percentile(50)),
      p99: round(this.second.percentile(99)),
      errors: this.secondErrors,
    };
    this.samples.push(sample);
    this.second = new LatencyHistogram();
    this.secondErrors = 0;
    this.secondStartedAt = now;
    return sample;
  }

  /** Closes the last, partial second when anything happened in it: it still belongs in the charts. */
  flush(): void {
    if (this.second.count > 0 || this.secondErrors > 0) this.tick();
  }

  /** What the progress line shows beside the last second: the p99 and errors of the phase so far. */
  soFar(): { p99: number; errors: number } {
    return { p99: round(this.overall.percentile(99)), errors: this.errorCount() };
  }

  report(durationSeconds: number): PhaseReport {
    const operations: Record<string, OperationReport> = {};
    let sent = 0;
    let ok = 0;
    for (const [name, stats] of this.operations) {
      sent += stats.sent;
      ok += stats.ok;
      operations[name] = {
        sent: stats.sent,
        answered: stats.answered,
        ok: stats.ok,
        okPerSecond: round(stats.ok / durationSeconds),
        latency: stats.latency.summary(),
        statuses: Object.fromEntries([...stats.statuses].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n])),
      };
    }
    const errors: ErrorReport = {
      byStatus: Object.fromEntries([...this.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n])),
      invalidResponses: this.invalid,
      timeouts: this.timeouts,
      connectionErrors: this.connectionErrors,
      total: this.errorCount(),
    };
    const attempts = this.overall.count + this.timeouts + this.connectionErrors;
    return {
      label: this.label,
      durationSeconds: round(durationSeconds),
      connections: this.connections,
      sent,
      answered: this.overall.count,
      ok,
      requestsPerSecond: round(this.overall.count / durationSeconds),
      latency: this.overall.summary(),
      operations,
      errors,
      errorRate: attempts === 0 ? 0 : errors.total / attempts,
      timeSeries: this.samples,
    };
  }

  private errorCount(): number {
    let count = this.invalid + this.timeouts + this.connectionErrors;
    for (const n of this.byStatus.values()) count += n;
    return count;
  }

  private stats(operation: string): OperationStats {
    let stats = this.operations.get(operation);
    if (!stats) {
      stats = new OperationStats();
      this.operations.set(operation, stats);
    }
    return stats;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
