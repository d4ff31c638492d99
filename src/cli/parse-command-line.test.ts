import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-error.js';
import { commands } from './commands/index.js';
import { locateCommand, parseCommandLine } from './parse-command-line.js';

function parse(argv: string[], env: Record<string, string> = {}) {
  const located = locateCommand(argv, commands);
  if (located.kind !== 'command') throw new Error(`expected a command, got ${located.kind}`);
  return { name: located.command.name, ...parseCommandLine(located.command, located.rest, env) };
}

/** One typical command line per command: a new command without a row here fails the coverage test below. */
const cases: Record<string, { argv: string[]; values?: Record<string, unknown>; positionals: string[] }> = {
  server: { argv: ['server'], positionals: [] },
  'admin create': {
    argv: ['admin', 'create', '--email', 'a@example.com', '--password-stdin'],
    values: { email: 'a@example.com', 'password-stdin': true },
    positionals: [],
  },
  'user add': {
    argv: ['user', 'add', '--email=b@example.com', '--role', 'guest', '--quota', '5GiB'],
    values: { email: 'b@example.com', role: 'guest', quota: '5GiB', 'password-stdin': false },
    positionals: [],
  },
  'user list': { argv: ['user', 'list', '--json'], values: { json: true }, positionals: [] },
  'user disable': { argv: ['user', 'disable', 'b@example.com'], positionals: ['b@example.com'] },
  'user enable': { argv: ['user', 'enable', 'b@example.com'], positionals: ['b@example.com'] },
  scrub: { argv: ['scrub', '--detach'], values: { detach: true }, positionals: [] },
  login: {
    argv: ['login', '--server', 'https://d.example.com', '--email', 'a@example.com', '--password-stdin'],
    values: { server: 'https://d.example.com', email: 'a@example.com', 'password-stdin': true },
    positionals: [],
  },
  logout: { argv: ['logout'], positionals: [] },
  whoami: { argv: ['--json', 'whoami'], values: { json: true }, positionals: [] },
  ls: { argv: ['ls', '/Documents', '--sort', 'size', '--order', 'desc'], values: { sort: 'size', order: 'desc' }, positionals: ['/Documents'] },
  mkdir: { argv: ['mkdir', '-p', '/a/b'], values: { parents: true }, positionals: ['/a/b'] },
  upload: {
    argv: ['upload', './photos', '/Pictures', '--passphrase-file', 'p.txt'],
    values: { 'passphrase-file': 'p.txt', 'passphrase-stdin': false },
    positionals: ['./photos', '/Pictures'],
  },
  download: { argv: ['download', '/a.txt', '.', '--passphrase-stdin'], values: { 'passphrase-stdin': true }, positionals: ['/a.txt', '.'] },
  mv: { argv: ['mv', '/a.txt', '/Docs'], positionals: ['/a.txt', '/Docs'] },
  cp: { argv: ['cp', '/a.txt', '/b.txt'], positionals: ['/a.txt', '/b.txt'] },
  rm: { argv: ['rm', '/a.txt', '/b.txt', '/c'], positionals: ['/a.txt', '/b.txt', '/c'] },
  trash: { argv: ['trash'], positionals: [] },
  'trash empty': { argv: ['trash', 'empty'], positionals: [] },
  'trash purge': { argv: ['trash', 'purge', 'old.txt'], positionals: ['old.txt'] },
  restore: { argv: ['restore', 'old.txt', '--name', 'older.txt'], values: { name: 'older.txt' }, positionals: ['old.txt'] },
  versions: { argv: ['versions', '/a.txt'], positionals: ['/a.txt'] },
  'versions restore': { argv: ['versions', 'restore', '/a.txt', '2'], positionals: ['/a.txt', '2'] },
  receipt: { argv: ['receipt', '/a.txt', '--version', '2'], positionals: ['/a.txt'] },
  verify: { argv: ['verify', 'a.txt', 'a.receipt.json'], positionals: ['a.txt', 'a.receipt.json'] },
  passwd: { argv: ['passwd', '--password-stdin'], values: { 'password-stdin': true }, positionals: [] },
  'user set': { argv: ['user', 'set', 'b@example.com', '--role', 'guest'], values: { role: 'guest' }, positionals: ['b@example.com'] },
  'user invite': { argv: ['user', 'invite', 'd@example.com', '--role', 'user'], values: { role: 'user' }, positionals: ['d@example.com'] },
  'user delete': { argv: ['user', 'delete', 'b@example.com', '--yes'], values: { yes: true }, positionals: ['b@example.com'] },
  'user reset-factors': { argv: ['user', 'reset-factors', 'b@example.com'], positionals: ['b@example.com'] },
  'user reset-password': {
    argv: ['user', 'reset-password', 'b@example.com', '--confirm-data-loss', '--password-stdin'],
    values: { 'confirm-data-loss': true, 'password-stdin': true },
    positionals: ['b@example.com'],
  },
  'admin health': { argv: ['admin', 'health', '--json'], values: { json: true }, positionals: [] },
  'admin events': { argv: ['admin', 'events', '--kind', 'alert.failure_burst'], values: { kind: 'alert.failure_burst' }, positionals: [] },
  sessions: { argv: ['sessions'], positionals: [] },
  'sessions revoke': { argv: ['sessions', 'revoke', '--all'], values: { all: true }, positionals: [] },
  'app-password create': { argv: ['app-password', 'create', '--label', 'phone', '--scope', 'dav'], values: { label: 'phone', scope: 'dav' }, positionals: [] },
  export: { argv: ['export', 'me.zip'], positionals: ['me.zip'] },
  'account delete': { argv: ['account', 'delete', '--password-stdin'], values: { 'password-stdin': true }, positionals: [] },
  backup: { argv: ['backup', '/mnt/backup'], positionals: ['/mnt/backup'] },
  'backup list': { argv: ['backup', 'list', '/mnt/backup'], positionals: ['/mnt/backup'] },
  'backup prune': { argv: ['backup', 'prune', '/mnt/backup'], positionals: ['/mnt/backup'] },
  'backup verify': {
    argv: ['backup', 'verify', '/mnt/backup', '--identity', 'key.txt', '--snapshot', '20261121T150500123Z-3f9a1c'],
    values: { identity: 'key.txt', snapshot: '20261121T150500123Z-3f9a1c' },
    positionals: ['/mnt/backup'],
  },
  'backup restore': {
    argv: ['backup', 'restore', '/mnt/backup', '--identity', 'key.txt', '--allow-missing'],
    values: { identity: 'key.txt', 'allow-missing': true },
    positionals: ['/mnt/backup'],
  },
  'share add': {
    argv: ['share', 'add', '/a', 'b@example.com', '--write', '--expires', '7d'],
    values: { write: true, expires: '7d' },
    positionals: ['/a', 'b@example.com'],
  },
  'share list': { argv: ['share', 'list', '/a'], positionals: ['/a'] },
  'share revoke': { argv: ['share', 'revoke', 'x'], positionals: ['x'] },
  'share leave': { argv: ['share', 'leave', 'x'], positionals: ['x'] },
  'shared-with-me': { argv: ['shared-with-me', '--json'], values: { json: true }, positionals: [] },
  'link create': {
    argv: ['link', 'create', '/a', '--max-downloads', '3', '--view-only', '--password-stdin'],
    values: { 'max-downloads': '3', 'view-only': true, 'password-stdin': true },
    positionals: ['/a'],
  },
  'link list': { argv: ['link', 'list'], positionals: [] },
  'link revoke': { argv: ['link', 'revoke', 'x'], positionals: ['x'] },
  send: {
    argv: ['send', '/r.pdf', '--to', 'a@example.com', '--to', 'b@example.com', '--message', 'hi', '--notify'],
    values: { to: ['a@example.com', 'b@example.com'], message: 'hi', notify: true },
    positionals: ['/r.pdf'],
  },
  'send list': { argv: ['send', 'list'], positionals: [] },
  'send status': { argv: ['send', 'status', 'x'], positionals: ['x'] },
  'send revoke': { argv: ['send', 'revoke', 'x', '--recipient', 'y'], values: { recipient: 'y' }, positionals: ['x'] },
  'request create': {
    argv: ['request', 'create', '/Inbox', '--expires', '2026-12-31T00:00:00Z'],
    values: { expires: '2026-12-31T00:00:00Z' },
    positionals: ['/Inbox'],
  },
  'request list': { argv: ['request', 'list'], positionals: [] },
  'request revoke': { argv: ['request', 'revoke', 'x'], positionals: ['x'] },
  'request adopt': { argv: ['request', 'adopt'], positionals: [] },
};

describe('command lines', () => {
  it('has a parsing case for every command', () => {
    expect(Object.keys(cases).sort()).toEqual(commands.map((c) => c.name).sort());
  });

  it.each(Object.entries(cases))('parses `coffer %s`', (name, { argv, values = {}, positionals }) => {
    const parsed = parse(argv);
    expect(parsed.name).toBe(name);
    expect(parsed.values).toMatchObject(values);
    expect(parsed.positionals).toEqual(positionals);
  });

  it('accepts global flags before the command, with their values', () => {
    const parsed = parse(['--server', 'https://d.example.com', '--json', 'ls', '/x']);
    expect(parsed).toMatchObject({ name: 'ls', positionals: ['/x'], globals: { server: 'https://d.example.com', json: true } });
  });

  it('does not take a path named like a subcommand as one when it is not one', () => {
    expect(parse(['versions', '/restore'])).toMatchObject({ name: 'versions', positionals: ['/restore'] });
  });

  it('fills flags from COFFER_* variables, the command line winning', () => {
    const env = { COFFER_SERVER: 'https://env.example.com', COFFER_JSON: '1', COFFER_EMAIL: 'env@example.com', COFFER_PASSWORD_STDIN: 'true' };
    expect(parse(['login'], env)).toMatchObject({
      globals: { server: 'https://env.example.com', json: true },
      values: { email: 'env@example.com', 'password-stdin': true },
    });
    expect(parse(['login', '--email', 'flag@example.com'], env).values.email).toBe('flag@example.com');
    expect(parse(['ls'], { COFFER_JSON: '0', COFFER_TOKEN: '' }).globals).toMatchObject({ json: false, token: undefined });
  });

  it('rejects a boolean variable that is not a boolean', () => {
    expect(() => parse(['ls'], { COFFER_JSON: 'maybe' })).toThrow(UsageError);
  });

  it.each([
    [['ls', '--bogus'], /Unknown option '--bogus'/],
    [['ls', '/a', '/b'], /at most 1 argument/],
    [['mv', '/a'], /needs 2 arguments/],
    [['rm'], /needs at least 1 argument/],
    [['logout', 'now'], /takes no arguments/],
    [['login', '--email'], /argument missing/],
    [['frobnicate'], /Unknown command "frobnicate"/],
  ])('refuses %j as a usage error', (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });

  it('lets --help through without the arguments', () => {
    expect(parse(['mv', '--help']).globals.help).toBe(true);
  });

  it('finds groups and the absence of a command', () => {
    expect(locateCommand(['user'], commands)).toMatchObject({ kind: 'group', group: 'user' });
    expect(locateCommand(['--json'], commands)).toMatchObject({ kind: 'none' });
  });
});
