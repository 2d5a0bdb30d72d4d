/** Central banks' liquidity: available funds, headroom, and the checks on withdrawals, releases and captures. */
export * from './liquidity';
