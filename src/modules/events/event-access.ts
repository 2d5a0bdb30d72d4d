import type { Prisma } from '../../generated/prisma/client';
import type { Principal } from '../access/principal';

/**
 * The events a key may see, on the acquiring side of the merchant they are about: the operator every
 * event of its region(s); a central bank those of its participants' merchants and its own central-bank
 * events; a participant those of the merchants it acquires; a merchant its own.
 */
export function eventScope(principal: Principal): Prisma.EventWhereInput {
  const region = principal.regionId === null ? {} : { regionId: principal.regionId };
  const subject = principal.subjectId ?? '';
  switch (principal.role) {
    case 'operator':
      return region;
    case 'central_bank':
      // Its participants' merchants' events, and its own (`central_bank.headroom_low`).
      return { ...region, OR: [{ merchant: { participant: { centralBankId: subject } } }, { centralBankId: subject }] };
    case 'participant':
      return { ...region, merchant: { participantId: subject } };
    case 'merchant':
      return { ...region, merchantId: subject };
  }
}
