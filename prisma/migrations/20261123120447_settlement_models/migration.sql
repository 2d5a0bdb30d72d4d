-- CreateEnum
CREATE TYPE "SettlementRule" AS ENUM ('gross', 'bilateral', 'multilateral', 'lsm');

-- CreateEnum
CREATE TYPE "QueuePolicy" AS ENUM ('fifo', 'bypass_fifo');

-- CreateEnum
CREATE TYPE "GridlockAlgorithm" AS ENUM ('fifo_exact', 'greedy_value');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ShortfallPolicy" ADD VALUE 'carry_over';
ALTER TYPE "ShortfallPolicy" ADD VALUE 'largest_feasible';

-- AlterTable
ALTER TABLE "regions" ADD COLUMN     "gridlock_algorithm" "GridlockAlgorithm" NOT NULL DEFAULT 'fifo_exact',
ADD COLUMN     "lsm_interval_seconds" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "queue_policy" "QueuePolicy" NOT NULL DEFAULT 'fifo',
ADD COLUMN     "settlement_rule" "SettlementRule" NOT NULL DEFAULT 'multilateral';

-- AlterTable
ALTER TABLE "settlement_windows" ADD COLUMN     "carried_over_references" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "settlement_rule" TEXT;
