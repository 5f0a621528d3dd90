/**
 * `-c FILE | --preset NAME`, `--tokenizer`, `--vocabulary` and `--s3-path-style`, shared by the
 * verbs that score. The config and the vocabulary may be `s3://` objects.
 */
import type { Argv } from 'yargs';
import { PRESETS, TOKENIZERS, type TokenizerName } from '../config/config.ts';
import { loadConfig as loadConfigFlow, type LoadedConfig } from '../flows/load-config.ts';
import { useS3PathStyle } from '../flows/locations.ts';

export type { LoadedConfig } from '../flows/load-config.ts';
export { absoluteLocation, within } from '../flows/locations.ts';

export interface ConfigFlags {
  config?: string;
  preset?: string;
  tokenizer?: TokenizerName;
  vocabulary?: string;
  s3PathStyle?: boolean;
}

/** `--s3-path-style`: path-style S3 addressing (S3 clones need it); also `WINNOW_S3_PATH_STYLE=1`. */
export function withS3Flag<T>(y: Argv<T>) {
  return y.option('s3-path-style', {
    type: 'boolean',
    describe: 'Path-style S3 addressing (for S3-compatible servers); or WINNOW_S3_PATH_STYLE=1',
  });
}

/** Applies `--s3-path-style` (before anything touches S3). */
export function applyS3Flag(a: { s3PathStyle?: boolean }): void {
  if (a.s3PathStyle) useS3PathStyle();
}

export function withConfigFlags<T>(y: Argv<T>) {
  return withS3Flag(y)
    .option('config', { alias: 'c', type: 'string', describe: 'Filter config file (JSON or YAML)' })
    .option('preset', {
      type: 'string',
      choices: Object.keys(PRESETS),
      describe: 'A named config instead of -c',
    })
    .option('tokenizer', {
      choices: TOKENIZERS,
      describe: "Override the config's tokenizer (none: no token counts)",
    })
    .option('vocabulary', {
      type: 'string',
      describe: "Override the config's vocabulary file (winnow vocab), for rare_tokens",
    });
}

/** Reads and resolves the config the flags name (src/flows/load-config.ts), after `--s3-path-style`. */
export async function loadConfig(a: ConfigFlags): Promise<LoadedConfig> {
  applyS3Flag(a);
  return loadConfigFlow(a);
}
