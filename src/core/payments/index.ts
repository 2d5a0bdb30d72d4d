/**
 * Payments: the payment state machine and the two-tier obligations a capture or refund creates. Every status change goes through `assertPaymentTransition`, so
 * a payment is captured once, settled once, and never revived after it ends.
 */
export * from './payment-state';
export * from './two-tier-obligations';
export * from './authorization-expiry';
