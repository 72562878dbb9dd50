import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/main.js';
import { runCli } from './helpers.js';

describe('truce', () => {
  describe('with --help', () => {
    it('lists every command and exits 0', async () => {
      const run = await runCli(['--help']);
      expect(run.code).toBe(0);
      for (const command of COMMANDS)
        expect(run.stdout).toContain(command.name);
    });
  });

  describe('with no command', () => {
    it('prints the usage on stderr and exits 2', async () => {
      const run = await runCli([]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.length).toBeGreaterThan(0);
    });
  });

  describe.each(COMMANDS.map((c) => [c.name]))('%s --help', (name) => {
    it('prints its usage and exits 0', async () => {
      const command = COMMANDS.find((c) => c.name === name)!;
      const run = await runCli([...name.split(' '), '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(command.usage);
    });
  });

  // Each row: a command line that cannot run, which must exit 2.
  const unusable: [string, string[]][] = [
    ['an unknown command', ['frobnicate']],
    ['an unknown subcommand', ['token', 'frobnicate']],
    ['a group without its subcommand', ['sensor']],
    ['an unknown flag', ['keygen', '--log', 'x', '--out', 'k', '--colour']],
    ['a missing required flag', ['sensor', 'list']],
    ['a missing argument', ['verify', 'log']],
    ['an extra argument', ['sensor', 'list', '--url', 'http://x', 'extra']],
    [
      'a flag value out of range',
      ['submit', '--url', 'http://x', '--key', 'k', '--batch', '1001', 'f'],
    ],
    [
      'a flag value that is not a number',
      ['verify', 'log', 'http://x', '--concurrency', '8x'],
    ],
    ['a URL that is not http', ['sensor', 'list', '--url', 'ftp://x']],
    [
      'a role that does not exist',
      ['token', 'create', '--data', 'd', '--role', 'king'],
    ],
    [
      'a boolean flag given a value',
      ['verify', 'log', 'http://x', '--json=yes'],
    ],
  ];

  describe.each(unusable)('with %s', (_desc, argv) => {
    it('exits 2 with a message on stderr', async () => {
      const run = await runCli(argv);
      expect(run.code).toBe(2);
      expect(run.stderr.length).toBeGreaterThan(0);
    });
  });

  describe('with a group and --help', () => {
    it('lists the group and exits 0', async () => {
      const run = await runCli(['sensor', '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('sensor register');
    });
  });
});
