/** `winnow config show (FILE | --preset NAME)`: the resolved canonical config and its fingerprint. */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { renderConfigYaml } from '../../config/config.ts';
import { canonicalConfig } from '../../config/fingerprint.ts';
import { loadConfig, withConfigFlags, type ConfigFlags } from '../config-flags.ts';
import type { Io } from '../io.ts';

interface ConfigArgs extends ConfigFlags {
  action: string;
  file?: string;
  yaml?: boolean;
}

export const command = 'config <action> [file]';

export const builder = (y: Argv) =>
  withConfigFlags(y)
    .positional('action', {
      choices: ['show'] as const,
      describe: 'show: print the canonical config and fingerprint',
    })
    .positional('file', { type: 'string', describe: 'Config file (or use --preset)' })
    .option('yaml', {
      type: 'boolean',
      describe: 'Print YAML (the fingerprint as a comment) that -c reads back',
    })
    .example('$0 config show --preset fineweb', 'every option datatrove-named, defaults filled in')
    .example(
      '$0 config show --preset fineweb --yaml > my.yaml',
      'a config file to edit, with every default spelled out',
    );

export async function run(a: ArgumentsCamelCase<ConfigArgs>, io: Io): Promise<number> {
  const { config, fingerprint } = await loadConfig({ ...a, config: a.file ?? a.config });
  if (a.yaml) io.out(renderConfigYaml(canonicalConfig(config), fingerprint));
  else io.out(JSON.stringify({ fingerprint, config: canonicalConfig(config) }, null, 2) + '\n');
  return 0;
}
