export { sandboxNow } from './sandbox-time';
export { advancedOffset, type ClockAdvance, intervalCloseDue, isDue } from './test-clock';
