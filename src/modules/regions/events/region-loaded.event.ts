/** A region exists and its first settlement window is open. */
export class RegionLoadedEvent {
  constructor(
    readonly regionId: string,
    readonly settlementCycleSeconds: number | null,
  ) {}
}
