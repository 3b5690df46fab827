import { describe, expect, it } from 'vitest';
import { ConfigError, defaults, envName, parseConfig, parseDuration, parseSize } from './config.js';

describe('parseConfig', () => {
  it('gives the documented defaults', () => {
    const { config } = parseConfig([], {});
    expect(config).toMatchObject({ port: 8484, host: '127.0.0.1', db: '.hookscope/hookscope.db', maxBody: 10 * 1024 * 1024, maxRequests: 1000, autoCreate: true });
    expect(config.ttl).toBe(7 * 86_400_000);
  });

  it('reads flags, and env vars for every flag', () => {
    const flags = parseConfig(['--port', '9123', '--db', '/tmp/x.db', '--max-body', '1mb', '--ttl', '90m', '--no-auto-create', '--bin', 'a:key:sec:ret', '--bin', 'b'], {});
    expect(flags.config).toMatchObject({ port: 9123, db: '/tmp/x.db', maxBody: 1024 * 1024, ttl: 90 * 60_000, autoCreate: false });
    expect(flags.config.bins).toEqual([{ name: 'a', key: 'key', secret: 'sec:ret' }, { name: 'b' }]);
    const env = parseConfig([], { HOOKSCOPE_PORT: '7000', HOOKSCOPE_MAX_BODY: '512kb', HOOKSCOPE_NO_AUTO_CREATE: 'true', HOOKSCOPE_PUSHER_KEY: 'k', HOOKSCOPE_PUSHER_SECRET: 's' });
    expect(env.config).toMatchObject({ port: 7000, maxBody: 512 * 1024, autoCreate: false, pusherKey: 'k', pusherSecret: 's' });
    expect(parseConfig(['--port', '1'], { HOOKSCOPE_PORT: '2' }).config.port).toBe(1);
    expect(envName('max-requests')).toBe('HOOKSCOPE_MAX_REQUESTS');
    expect(parseConfig([], {}).config.maxImport).toBe(100 * 1024 * 1024);
    expect(parseConfig(['--max-import', '2gb'], {}).config.maxImport).toBe(2 * 1024 ** 3);
    expect(parseConfig([], { HOOKSCOPE_MAX_IMPORT: '5mb' }).config.maxImport).toBe(5 * 1024 * 1024);
  });

  it('rejects bad values with a clear message', () => {
    expect(() => parseConfig(['--port', 'abc'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--port', '70000'], {})).toThrow(/0-65535/);
    expect(() => parseConfig(['--max-body', '10 parsecs'], {})).toThrow(/invalid size/);
    expect(() => parseConfig(['--bin', 'Bad Name'], {})).toThrow(/name must match/);
    expect(() => parseConfig(['--pusher-key', 'k'], {})).toThrow(/go together/);
    expect(() => parseConfig(['--what'], {})).toThrow(ConfigError);
  });

  it('parses sizes and durations', () => {
    expect(parseSize('10mb')).toBe(10 * 1024 * 1024);
    expect(parseSize('1024')).toBe(1024);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('30')).toBe(30_000);
    expect(() => parseDuration('soon')).toThrow(ConfigError);
    expect(defaults.sync).toBe('normal');
  });
});
