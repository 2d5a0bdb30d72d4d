/**
 * What happened to a payment, published after the change committed. Obligations are not recorded by a
 * handler of these: they are written in the capture's own transaction, because a handler that failed
 * after the commit would leave a captured payment that never settles.
 */
export class PaymentAuthorizedEvent {
  constructor(
    readonly paymentId: string,
    readonly regionId: string,
  ) {}
}

export class PaymentCapturedEvent {
  constructor(
    readonly paymentId: string,
    readonly regionId: string,
    readonly windowId: string,
  ) {}
}

export class PaymentVoidedEvent {
  constructor(
    readonly paymentId: string,
    readonly regionId: string,
  ) {}
}

export class RefundCreatedEvent {
  constructor(
    readonly refundId: string,
    readonly paymentId: string,
    readonly regionId: string,
    readonly windowId: string,
  ) {}
}
