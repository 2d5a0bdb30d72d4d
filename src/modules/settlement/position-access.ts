import type { Principal } from '../access/principal';

/**
 * Whose positions in a window a key may see: the operator all; a central bank its own and its
 * participants'; a participant its own; a merchant none (merchants see payments, not positions).
 */
export function positionVisibility(
  principal: Principal,
  participantById: ReadonlyMap<string, { centralBankId: string }>,
): (partyId: string) => boolean {
  return (partyId) => {
    switch (principal.role) {
      case 'operator':
        return true;
      case 'central_bank':
        return partyId === principal.subjectId || participantById.get(partyId)?.centralBankId === principal.subjectId;
      case 'participant':
        return partyId === principal.subjectId;
      case 'merchant':
        return false;
    }
  };
}
