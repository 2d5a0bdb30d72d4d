export { sandboxNow } from './sandbox-time';
