import { UsageError, parseRunOptions, redactedCommand } from '../../load-tests/lib/options';

describe('load-test command line', () => {
  it('takes the operator key from CORRIDOR_OPERATOR_KEY when --key is absent', () => {
    const { scenario, options } = parseRunOptions(
      ['checkout', '--url', 'http://127.0.0.1:3000'],
      { CORRIDOR_OPERATOR_KEY: 'sk_env' },
      'cmd',
    );
    expect(scenario).toBe('checkout');
    expect(options.operatorKey).toBe('sk_env');
  });

  it('reads the error-rate gate as a percentage or a share', () => {
    const rate = (text: string) =>
      parseRunOptions(['reads', '--url', 'http://x', '--key', 'k', '--max-error-rate', text], {}, 'cmd').options.maxErrorRate;
    expect(rate('0.5%')).toBeCloseTo(0.005);
    expect(rate('0.005')).toBeCloseTo(0.005);
  });

  it('refuses a run without a key', () => {
    expect(() => parseRunOptions(['checkout', '--url', 'http://127.0.0.1:3000'], {}, 'cmd')).toThrow(UsageError);
  });

  it('leaves the operator key out of the command it records', () => {
    expect(redactedCommand('npm run load:checkout --', ['--url', 'http://x', '--key', 'sk_secret'])).toBe(
      'npm run load:checkout -- --url http://x --key <operator key>',
    );
    expect(redactedCommand('node cli.js', ['--key=sk_secret'])).not.toContain('sk_secret');
  });
});
