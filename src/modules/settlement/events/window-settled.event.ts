/** A window's net positions were posted to the ledger; its payments are settled. */
export class WindowSettledEvent {
  constructor(
    readonly regionId: string,
    readonly windowId: string,
    readonly unwoundReferences: readonly string[],
  ) {}
}
