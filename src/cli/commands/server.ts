import { defineCommand } from '../command.js';

export const serverCommand = defineCommand({
  name: 'server',
  summary: 'Run the Coffer server until Ctrl-C (SIGINT) or SIGTERM.',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  details: ['The server reads its settings from its environment; docs/config.md lists them.'],
  examples: ['coffer server'],
  async run({ io, out, serverEnv }) {
    // Loaded on demand: the client commands should not pay for (or depend on) the server's modules.
    const { loadConfig } = await import('../../config/index.js');
    const { startServer } = await import('../../app/index.js');
    const config = loadConfig(serverEnv());
    // The server announces its address (and a first-run setup token) itself; with --json, stdout is kept for JSON.
    const running = await startServer(config, (line) => (out.json ? io.stderr : io.stdout).write(`${line}\n`));
    out.result({ url: running.url }, []);
    const signal = await io.waitForShutdown();
    out.note(`${signal} received, stopping…`);
    await running.close();
  },
});
