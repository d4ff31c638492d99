import { describe, expect, it } from 'vitest';
import { commands } from './commands/index.js';
import { serverEnvironment } from './server-environment.js';

describe('serverEnvironment', () => {
  it("drops the client's COFFER_* variables and keeps the server's and everything else", () => {
    const env = {
      COFFER_JSON: '1',
      COFFER_SERVER: 'https://d.example.com',
      COFFER_TOKEN: 't',
      COFFER_CONFIG_DIR: '/c',
      COFFER_EMAIL: 'a@example.com',
      COFFER_PASSWORD_STDIN: '1',
      COFFER_DEBUG: '1',
      COFFER_PORT: '8080',
      COFFER_DATA_DIR: '/data',
      COFFER_CONFIG_FILE: 'coffer.json',
      PATH: '/usr/bin',
    };
    expect(serverEnvironment(env, commands)).toEqual({ COFFER_PORT: '8080', COFFER_DATA_DIR: '/data', COFFER_CONFIG_FILE: 'coffer.json', PATH: '/usr/bin' });
  });
});
