/**
 * Opening the quality models a config names (local paths or s3://), at the edge: each is read once,
 * parsed (corrupt or truncated files are refused by name) and hashed for the fingerprint.
 */
import type { FilterConfig } from '../config/config.ts';
import { fileDataError, UsageError } from '../errors.ts';
import { attributeFilters, attributeNames } from '../train/attributes.ts';
import { modelHash, parseModel, type QualityModel } from '../formats/model.ts';
import { readBytes } from '../io/source.ts';

/** Reads one model file; an unreadable location is a usage error, a bad file a data error naming it. */
export async function readModel(location: string): Promise<{ model: QualityModel; hash: string }> {
  let bytes: Buffer;
  try {
    bytes = await readBytes(location);
  } catch (e) {
    throw new UsageError(
      `Cannot read model ${location}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const model = parseModel(bytes, location);
  checkAttributes(model, location);
  return { model, hash: modelHash(bytes) };
}

/**
 * A model with attribute features must name filters this winnow can build, whose attributes are
 * the ones it was trained on (a filter that gained or lost a key would shift every column).
 */
function checkAttributes(model: QualityModel, location: string): void {
  const a = model.header.attributes;
  if (!a) return;
  let names: string[];
  try {
    names = attributeNames(attributeFilters(a.filters));
  } catch (e) {
    throw fileDataError(location, e instanceof Error ? e.message : String(e));
  }
  if (names.join('\n') !== a.names.join('\n')) {
    throw fileDataError(
      location,
      `its attribute features (${a.names.length}) are not the ones its filters compute here (${names.length}); retrain it`,
    );
  }
}

/** The models of every quality filter in the config, by location, with their hashes. */
export async function loadModels(
  config: FilterConfig,
): Promise<{ models: Map<string, QualityModel>; hashes: Record<string, string> }> {
  const models = new Map<string, QualityModel>();
  const hashes: Record<string, string> = {};
  for (const f of config.filters) {
    if (f.name !== 'quality') continue;
    const location = f.options.model as string;
    if (!location)
      throw new UsageError(
        'filter quality needs `model: FILE` (a model from winnow train; a path relative to the config, or s3://)',
      );
    if (models.has(location)) continue;
    const { model, hash } = await readModel(location);
    models.set(location, model);
    hashes[location] = hash;
  }
  return { models, hashes };
}
