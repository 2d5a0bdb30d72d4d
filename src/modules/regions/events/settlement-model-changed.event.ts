/** A region's settlement model or cycle changed (committed); its close schedule follows the new cycle. */
export class SettlementModelChangedEvent {
  constructor(readonly regionId: string) {}
}
