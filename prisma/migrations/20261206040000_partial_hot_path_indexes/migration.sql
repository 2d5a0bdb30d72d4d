-- Written by hand: Prisma's schema language (without its `partialIndexes` preview) cannot say a partial
-- index, so schema.prisma keeps these indexes as plain ones, with a comment pointing here.
--
-- Every payment creation writes 27 index entries; three of them only ever indexed rows that no query looks
-- up through them: a payment priced on the spot has no quote, a captured or declined one is not an open
-- authorization, and a merchant's event has no central bank. Indexing only the rows these indexes exist for
-- saves PostgreSQL about 6 % of its CPU per payment (`npm run bench:write-path -- --database`,
-- docs/benchmarks.md). The same names, so Prisma's view of the indexes does not change.

-- A quote pays for at most one payment; NULLs never conflicted, so uniqueness is unchanged.
DROP INDEX "payments_quote_id_key";
CREATE UNIQUE INDEX "payments_quote_id_key" ON "payments"("quote_id") WHERE "quote_id" IS NOT NULL;

-- The authorization-expiry sweep's index: it looks for `status = 'authorized'`, and names it literally.
DROP INDEX "payments_status_authorization_expires_at_idx";
CREATE INDEX "payments_status_authorization_expires_at_idx" ON "payments"("status", "authorization_expires_at") WHERE "status" = 'authorized';

-- A central bank's own events (`central_bank_id = $1` proves the column is not null, so lookups still use it).
DROP INDEX "events_central_bank_id_sequence_idx";
CREATE INDEX "events_central_bank_id_sequence_idx" ON "events"("central_bank_id", "sequence") WHERE "central_bank_id" IS NOT NULL;
