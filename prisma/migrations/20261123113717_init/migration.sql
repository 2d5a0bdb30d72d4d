-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('operator', 'central_bank', 'participant', 'merchant');

-- CreateEnum
CREATE TYPE "ShortfallPolicy" AS ENUM ('unwind');

-- CreateEnum
CREATE TYPE "ParticipantKind" AS ENUM ('bank', 'psp');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('pending', 'authorized', 'captured', 'settled', 'declined', 'voided', 'failed');

-- CreateEnum
CREATE TYPE "CaptureMethod" AS ENUM ('automatic', 'manual');

-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('pending', 'settled', 'failed');

-- CreateEnum
CREATE TYPE "WindowStatus" AS ENUM ('open', 'closing', 'closed', 'settling', 'settled', 'failed');

-- CreateEnum
CREATE TYPE "ObligationTier" AS ENUM ('regional', 'domestic');

-- CreateEnum
CREATE TYPE "ObligationStatus" AS ENUM ('pending', 'settled', 'unwound');

-- CreateEnum
CREATE TYPE "PartyKind" AS ENUM ('central_bank', 'participant');

-- CreateTable
CREATE TABLE "regions" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "settlement_asset" TEXT NOT NULL,
    "settlement_cycle_seconds" INTEGER,
    "shortfall_policy" "ShortfallPolicy" NOT NULL DEFAULT 'unwind',
    "fx_spread_bps" DECIMAL(12,4) NOT NULL DEFAULT 0,
    "fee_bps" DECIMAL(12,4) NOT NULL DEFAULT 0,
    "quote_ttl_seconds" INTEGER NOT NULL DEFAULT 300,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "regions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "central_banks" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "prefunded_balance" DECIMAL(38,18) NOT NULL,
    "net_debit_cap" DECIMAL(38,18) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "central_banks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participants" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "central_bank_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ParticipantKind" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merchants" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "participant_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "merchants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fx_rates" (
    "region_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "rate" DECIMAL(38,18) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fx_rates_pkey" PRIMARY KEY ("region_id","currency")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "role" "ApiKeyRole" NOT NULL,
    "region_id" TEXT,
    "subject_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quotes" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "payer_participant_id" TEXT NOT NULL,
    "merchant_amount" DECIMAL(38,18) NOT NULL,
    "merchant_currency" TEXT NOT NULL,
    "payer_principal" DECIMAL(38,18) NOT NULL,
    "fee" DECIMAL(38,18) NOT NULL,
    "payer_amount" DECIMAL(38,18) NOT NULL,
    "payer_currency" TEXT NOT NULL,
    "settlement_amount" DECIMAL(38,18) NOT NULL,
    "settlement_asset" TEXT NOT NULL,
    "rate" DECIMAL(38,18) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quotes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "merchant_participant_id" TEXT NOT NULL,
    "merchant_central_bank_id" TEXT NOT NULL,
    "payer_participant_id" TEXT NOT NULL,
    "payer_central_bank_id" TEXT NOT NULL,
    "quote_id" TEXT,
    "status" "PaymentStatus" NOT NULL,
    "capture_method" "CaptureMethod" NOT NULL,
    "amount" DECIMAL(38,18) NOT NULL,
    "currency" TEXT NOT NULL,
    "payer_principal" DECIMAL(38,18) NOT NULL,
    "fee" DECIMAL(38,18) NOT NULL,
    "payer_amount" DECIMAL(38,18) NOT NULL,
    "payer_currency" TEXT NOT NULL,
    "settlement_amount" DECIMAL(38,18) NOT NULL,
    "rate" DECIMAL(38,18) NOT NULL,
    "amount_refunded" DECIMAL(38,18) NOT NULL DEFAULT 0,
    "reference" TEXT,
    "failure_code" TEXT,
    "failure_reason" TEXT,
    "window_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "captured_at" TIMESTAMPTZ(3),
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "status" "RefundStatus" NOT NULL,
    "amount" DECIMAL(38,18) NOT NULL,
    "currency" TEXT NOT NULL,
    "payer_amount" DECIMAL(38,18) NOT NULL,
    "settlement_amount" DECIMAL(38,18) NOT NULL,
    "reason" TEXT,
    "window_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settlement_windows" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "WindowStatus" NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "settled_at" TIMESTAMPTZ(3),
    "failure_reason" TEXT,
    "gross_value" DECIMAL(38,18),
    "multilateral_net" DECIMAL(38,18),
    "netting_efficiency" DECIMAL(38,18),
    "unwound_references" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "settlement_windows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "obligations" (
    "id" TEXT NOT NULL,
    "window_id" TEXT NOT NULL,
    "tier" "ObligationTier" NOT NULL,
    "reference" TEXT NOT NULL,
    "debtor_kind" "PartyKind" NOT NULL,
    "debtor_id" TEXT NOT NULL,
    "creditor_kind" "PartyKind" NOT NULL,
    "creditor_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" DECIMAL(38,18) NOT NULL,
    "status" "ObligationStatus" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "obligations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "net_positions" (
    "window_id" TEXT NOT NULL,
    "tier" "ObligationTier" NOT NULL,
    "party_kind" "PartyKind" NOT NULL,
    "party_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "sent" DECIMAL(38,18) NOT NULL,
    "received" DECIMAL(38,18) NOT NULL,
    "net" DECIMAL(38,18) NOT NULL,

    CONSTRAINT "net_positions_pkey" PRIMARY KEY ("window_id","tier","party_kind","party_id","currency")
);

-- CreateTable
CREATE TABLE "journal_entries" (
    "sequence" BIGINT NOT NULL,
    "id" TEXT NOT NULL,
    "region_id" TEXT,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "reference" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "previous_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "journal_entries_pkey" PRIMARY KEY ("sequence")
);

-- CreateTable
CREATE TABLE "postings" (
    "entry_sequence" BIGINT NOT NULL,
    "line" INTEGER NOT NULL,
    "account" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" DECIMAL(38,18) NOT NULL,

    CONSTRAINT "postings_pkey" PRIMARY KEY ("entry_sequence","line")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER NOT NULL,
    "response_body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("scope","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "regions_name_key" ON "regions"("name");

-- CreateIndex
CREATE UNIQUE INDEX "central_banks_region_id_code_key" ON "central_banks"("region_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "central_banks_region_id_currency_key" ON "central_banks"("region_id", "currency");

-- CreateIndex
CREATE INDEX "participants_central_bank_id_idx" ON "participants"("central_bank_id");

-- CreateIndex
CREATE UNIQUE INDEX "participants_region_id_code_key" ON "participants"("region_id", "code");

-- CreateIndex
CREATE INDEX "merchants_participant_id_idx" ON "merchants"("participant_id");

-- CreateIndex
CREATE UNIQUE INDEX "merchants_region_id_code_key" ON "merchants"("region_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "quotes_merchant_id_idx" ON "quotes"("merchant_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_quote_id_key" ON "payments"("quote_id");

-- CreateIndex
CREATE INDEX "payments_region_id_id_idx" ON "payments"("region_id", "id");

-- CreateIndex
CREATE INDEX "payments_merchant_id_id_idx" ON "payments"("merchant_id", "id");

-- CreateIndex
CREATE INDEX "payments_payer_participant_id_id_idx" ON "payments"("payer_participant_id", "id");

-- CreateIndex
CREATE INDEX "payments_merchant_participant_id_id_idx" ON "payments"("merchant_participant_id", "id");

-- CreateIndex
CREATE INDEX "payments_payer_central_bank_id_id_idx" ON "payments"("payer_central_bank_id", "id");

-- CreateIndex
CREATE INDEX "payments_merchant_central_bank_id_id_idx" ON "payments"("merchant_central_bank_id", "id");

-- CreateIndex
CREATE INDEX "payments_window_id_idx" ON "payments"("window_id");

-- CreateIndex
CREATE INDEX "refunds_payment_id_idx" ON "refunds"("payment_id");

-- CreateIndex
CREATE INDEX "settlement_windows_region_id_status_idx" ON "settlement_windows"("region_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "settlement_windows_region_id_number_key" ON "settlement_windows"("region_id", "number");

-- CreateIndex
CREATE INDEX "obligations_window_id_tier_idx" ON "obligations"("window_id", "tier");

-- CreateIndex
CREATE INDEX "obligations_reference_idx" ON "obligations"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "journal_entries_id_key" ON "journal_entries"("id");

-- CreateIndex
CREATE UNIQUE INDEX "journal_entries_hash_key" ON "journal_entries"("hash");

-- CreateIndex
CREATE INDEX "journal_entries_region_id_idx" ON "journal_entries"("region_id");

-- CreateIndex
CREATE INDEX "postings_account_currency_idx" ON "postings"("account", "currency");

-- AddForeignKey
ALTER TABLE "central_banks" ADD CONSTRAINT "central_banks_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participants" ADD CONSTRAINT "participants_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participants" ADD CONSTRAINT "participants_central_bank_id_fkey" FOREIGN KEY ("central_bank_id") REFERENCES "central_banks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merchants" ADD CONSTRAINT "merchants_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merchants" ADD CONSTRAINT "merchants_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fx_rates" ADD CONSTRAINT "fx_rates_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "quotes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_window_id_fkey" FOREIGN KEY ("window_id") REFERENCES "settlement_windows"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_window_id_fkey" FOREIGN KEY ("window_id") REFERENCES "settlement_windows"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "settlement_windows" ADD CONSTRAINT "settlement_windows_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "regions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "obligations" ADD CONSTRAINT "obligations_window_id_fkey" FOREIGN KEY ("window_id") REFERENCES "settlement_windows"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "net_positions" ADD CONSTRAINT "net_positions_window_id_fkey" FOREIGN KEY ("window_id") REFERENCES "settlement_windows"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "postings" ADD CONSTRAINT "postings_entry_sequence_fkey" FOREIGN KEY ("entry_sequence") REFERENCES "journal_entries"("sequence") ON DELETE RESTRICT ON UPDATE CASCADE;
