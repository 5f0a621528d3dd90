/**
 * Locations as the commands name them in messages and hand them on, without asking whether they
 * are on S3: the store decides (src/io/store.ts).
 */
import * as store from '../io/store.ts';

/** `dir/part/...` for a folder or an `s3://` prefix. */
export const within = store.join;

/** A location the way tasks elsewhere can read it: S3 URIs as they are, local paths absolute. */
export const absoluteLocation = store.absolute;

/** Path-style S3 addressing (S3-compatible servers need it); set before anything touches S3. */
export const useS3PathStyle = (): void => store.configureStore({ pathStyle: true });
