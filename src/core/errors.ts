/**
 * A broken business rule, said in the domain's words. The HTTP edge maps `code` to a status and an
 * RFC 9457 problem; the core never knows about HTTP.
 */
export class DomainError extends Error {
  constructor(
    /** Stable machine-readable code, e.g. `unknown_currency`; clients branch on it. */
    readonly code: string,
    message: string,
    /** The input field at fault, as a dotted path (`central_banks[0].currency`), when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
