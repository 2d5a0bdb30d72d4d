import type { QueuePolicy, Rule } from './types';

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function queue(policy: QueuePolicy): string {
  return policy === 'fifo' ? 'FIFO' : 'bypass FIFO';
}

/** A short human name for a rule, e.g. "LSM (FIFO, exact gridlock, every 5 min)". */
export function ruleLabel(rule: Rule): string {
  switch (rule.kind) {
    case 'gross':
      return `Gross RTGS (${queue(rule.queue)})`;
    case 'bilateral':
      return `Bilateral netting (every ${duration(rule.cycleSeconds)}, ${rule.shortfall})`;
    case 'multilateral':
      return `Multilateral DNS (every ${duration(rule.cycleSeconds)}, ${rule.shortfall})`;
    case 'lsm':
      return `LSM (${queue(rule.queue)}, ${rule.gridlock === 'fifo-exact' ? 'exact' : 'greedy-value'} gridlock, every ${duration(rule.offsetEverySeconds)})`;
  }
}
