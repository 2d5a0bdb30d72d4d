import { randomFillSync } from 'node:crypto';

/**
 * Time-ordered ids (`pay_01JD…`, the ULID layout in Crockford base32): sorting by id sorts by creation,
 * so list endpoints page on the id alone with `starting_after`.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom: Uint8Array = new Uint8Array(10);

export type IdPrefix =
  | 'reg'
  | 'cb'
  | 'par'
  | 'mer'
  | 'quo'
  | 'pay'
  | 'ref'
  | 'win'
  | 'obl'
  | 'key'
  | 'sim'
  | 'evt'
  | 'we'
  | 'whd'
  | 'smc'
  | 'fxp'
  | 'fnd'
  | 'col'
  | 'ndc'
  | 'flt';

// The wall clock, not a region's test clock: ids only need to be unique and ordered by creation in this process.
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  if (now <= lastTime) {
    // Same millisecond (or a clock step back): increment the random part so ids stay strictly increasing.
    lastRandom = increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = randomBytes(10);
  }
  return `${prefix}_${encodeTime(lastTime)}${encodeRandom(lastRandom)}`;
}

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i += 1) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/** 80 bits as 16 base32 digits, five bytes (eight digits, 40 bits: exact in a double) at a time. */
export function encodeRandom(bytes: Uint8Array): string {
  return encodeForty(bytes, 0) + encodeForty(bytes, 5);
}

function encodeForty(bytes: Uint8Array, from: number): string {
  let value = 0;
  for (let i = from; i < from + 5; i += 1) value = value * 256 + bytes[i]!;
  let out = '';
  for (let i = 0; i < 8; i += 1) {
    out = ALPHABET[value % 32]! + out;
    value = Math.floor(value / 32);
  }
  return out;
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = new Uint8Array(bytes);
  for (let i = next.length - 1; i >= 0; i -= 1) {
    if (next[i] === 255) {
      next[i] = 0;
    } else {
      next[i] = (next[i] ?? 0) + 1;
      break;
    }
  }
  return next;
}

/** Random bytes for ids, drawn from the CSPRNG 4 KiB at a time: one call into it per hundreds of ids. */
const POOL = new Uint8Array(4096);
let poolOffset = POOL.length;

export function randomBytes(length: number): Uint8Array {
  if (poolOffset + length > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  poolOffset += length;
  return POOL.slice(poolOffset - length, poolOffset);
}
