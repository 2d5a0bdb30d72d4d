import { Module } from '@nestjs/common';
import { JournalWriter } from './journal.writer';
import { LedgerHttpController } from './ledger.http.controller';
import { VerifyLedgerHandler } from './queries/verify-ledger/verify-ledger.query';

/** The double-entry, hash-chained journal: appends inside other modules' transactions, and verification. */
@Module({
  controllers: [LedgerHttpController],
  providers: [JournalWriter, VerifyLedgerHandler],
  exports: [JournalWriter],
})
export class LedgerModule {}
