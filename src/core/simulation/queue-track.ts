import type { QueuePoint } from './types';

/** Points of the queue series: evenly spaced from 0 to T inclusive. */
export const QUEUE_SAMPLES = 500;

/**
 * The value and count of payments waiting, through the day: exact maximum and time integral (the queue
 * is piecewise constant between events), plus samples at fixed times for charts. Events must come in
 * time order.
 */
export class QueueTrack {
  value = 0;
  count = 0;
  max = 0;
  private area = 0;
  private lastTime = 0;
  private nextSample = 0;
  private readonly sampleValue = new Float64Array(QUEUE_SAMPLES);
  private readonly sampleCount = new Float64Array(QUEUE_SAMPLES);

  constructor(private readonly dayLength: number) {}

  /** Adds `value` and `count` (negative to take out) at time `t`. */
  change(t: number, value: number, count: number): void {
    if (t > this.lastTime) {
      this.sampleUntil(t);
      this.area += this.value * (t - this.lastTime);
      this.lastTime = t;
    }
    this.value += value;
    this.count += count;
    if (this.value > this.max) this.max = this.value;
  }

  /** Closes the day at T. */
  finish(): void {
    this.sampleUntil(Infinity);
    this.area += this.value * (this.dayLength - this.lastTime);
    this.lastTime = this.dayLength;
  }

  timeAverage(): number {
    return this.dayLength > 0 ? this.area / this.dayLength : 0;
  }

  points(): QueuePoint[] {
    return Array.from(this.sampleValue, (value, index) => ({
      t: sampleTime(index, this.dayLength),
      value,
      count: this.sampleCount[index]!,
    }));
  }

  /** A sample at time s shows the queue after every event at or before s. */
  private sampleUntil(t: number): void {
    while (this.nextSample < QUEUE_SAMPLES && sampleTime(this.nextSample, this.dayLength) < t) {
      this.sampleValue[this.nextSample] = this.value;
      this.sampleCount[this.nextSample] = this.count;
      this.nextSample++;
    }
  }
}

export function sampleTime(index: number, dayLength: number): number {
  return (index * dayLength) / (QUEUE_SAMPLES - 1);
}
