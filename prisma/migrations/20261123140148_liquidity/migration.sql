-- CreateEnum
CREATE TYPE "FundingDirection" AS ENUM ('prefund', 'withdraw');

-- CreateEnum
CREATE TYPE "FundingStatus" AS ENUM ('reserved', 'committed', 'aborted');

-- CreateEnum
CREATE TYPE "CollateralStatus" AS ENUM ('pledged', 'released');

-- CreateEnum
CREATE TYPE "FaultKind" AS ENUM ('member_default', 'late_funding', 'suspension');

-- CreateEnum
CREATE TYPE "FaultStatus" AS ENUM ('active', 'applied', 'cleared');

-- DropForeignKey
ALTER TABLE "events" DROP CONSTRAINT "events_merchant_id_fkey";

-- AlterTable
ALTER TABLE "central_banks" ADD COLUMN     "headroom_alert_threshold" DECIMAL(38,18),
ADD COLUMN     "headroom_low" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "settlement_windows" ADD COLUMN     "fault_effects" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "central_bank_id" TEXT,
ALTER COLUMN "merchant_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "fundings" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "central_bank_id" TEXT NOT NULL,
    "direction" "FundingDirection" NOT NULL,
    "amount" DECIMAL(38,18) NOT NULL,
    "status" "FundingStatus" NOT NULL,
    "requested_by" TEXT NOT NULL,
    "journal_entry_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "committed_at" TIMESTAMPTZ(3),
    "aborted_at" TIMESTAMPTZ(3),

    CONSTRAINT "fundings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collateral_pledges" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "central_bank_id" TEXT NOT NULL,
    "amount" DECIMAL(38,18) NOT NULL,
    "haircut_percent" DECIMAL(7,4) NOT NULL,
    "credit_value" DECIMAL(38,18) NOT NULL,
    "description" TEXT,
    "status" "CollateralStatus" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "released_at" TIMESTAMPTZ(3),

    CONSTRAINT "collateral_pledges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "net_debit_cap_changes" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "central_bank_id" TEXT NOT NULL,
    "previous_cap" DECIMAL(38,18) NOT NULL,
    "new_cap" DECIMAL(38,18) NOT NULL,
    "reason" TEXT NOT NULL,
    "changed_by" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "net_debit_cap_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "faults" (
    "id" TEXT NOT NULL,
    "region_id" TEXT NOT NULL,
    "kind" "FaultKind" NOT NULL,
    "central_bank_id" TEXT,
    "participant_id" TEXT,
    "funding_id" TEXT,
    "note" TEXT,
    "status" "FaultStatus" NOT NULL,
    "applied_window_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),
    "cleared_at" TIMESTAMPTZ(3),

    CONSTRAINT "faults_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "fundings_central_bank_id_id_idx" ON "fundings"("central_bank_id", "id");

-- CreateIndex
CREATE INDEX "fundings_region_id_id_idx" ON "fundings"("region_id", "id");

-- CreateIndex
CREATE INDEX "collateral_pledges_central_bank_id_status_idx" ON "collateral_pledges"("central_bank_id", "status");

-- CreateIndex
CREATE INDEX "net_debit_cap_changes_central_bank_id_changed_at_idx" ON "net_debit_cap_changes"("central_bank_id", "changed_at");

-- CreateIndex
CREATE INDEX "faults_region_id_status_idx" ON "faults"("region_id", "status");

-- CreateIndex
CREATE INDEX "events_central_bank_id_sequence_idx" ON "events"("central_bank_id", "sequence");

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_central_bank_id_fkey" FOREIGN KEY ("central_bank_id") REFERENCES "central_banks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fundings" ADD CONSTRAINT "fundings_central_bank_id_fkey" FOREIGN KEY ("central_bank_id") REFERENCES "central_banks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collateral_pledges" ADD CONSTRAINT "collateral_pledges_central_bank_id_fkey" FOREIGN KEY ("central_bank_id") REFERENCES "central_banks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "net_debit_cap_changes" ADD CONSTRAINT "net_debit_cap_changes_central_bank_id_fkey" FOREIGN KEY ("central_bank_id") REFERENCES "central_banks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
