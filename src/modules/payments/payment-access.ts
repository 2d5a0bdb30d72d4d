import type { Prisma } from '../../generated/prisma/client';
import type { Principal } from '../access/principal';

/**
 * The payments a key may see: the operator every payment of its region(s); a central bank those on
 * either side of which it stands; a participant those it pays or acquires; a merchant its own.
 */
export function paymentScope(principal: Principal): Prisma.PaymentWhereInput {
  const region = principal.regionId === null ? {} : { regionId: principal.regionId };
  const subject = principal.subjectId ?? '';
  switch (principal.role) {
    case 'operator':
      return region;
    case 'central_bank':
      return { ...region, OR: [{ payerCentralBankId: subject }, { merchantCentralBankId: subject }] };
    case 'participant':
      return { ...region, OR: [{ payerParticipantId: subject }, { merchantParticipantId: subject }] };
    case 'merchant':
      return { ...region, merchantId: subject };
  }
}
