/** A region exists and its first settlement window is open; its cycle is read from the database when scheduled. */
export class RegionLoadedEvent {
  constructor(readonly regionId: string) {}
}
