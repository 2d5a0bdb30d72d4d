import type { Schemas } from '../../adapters/http/openapi-document';

/** The CSV columns, in order; docs/reports.md and the spec describe each. */
export const SETTLEMENT_REPORT_COLUMNS = [
  'window_id',
  'window_number',
  'tier',
  'currency',
  'party_kind',
  'party_id',
  'party_code',
  'central_bank_id',
  'sent',
  'received',
  'net',
  'instruction',
  'instruction_amount',
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per party per tier: the regional tier first, then each domestic tier by currency. */
export function settlementReportCsv(report: Schemas['SettlementReport']): string {
  const lines = [SETTLEMENT_REPORT_COLUMNS.join(',')];
  for (const tier of [report.regional, ...report.domestic]) {
    for (const p of tier.parties) {
      const row = [
        report.window_id,
        report.window_number,
        tier.tier,
        p.currency,
        p.party_kind,
        p.party_id,
        p.party_code,
        p.central_bank_id,
        p.sent,
        p.received,
        p.net,
        p.instruction,
        p.instruction_amount,
      ];
      lines.push(row.map(csvField).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
