/**
 * S3 (and S3-compatible servers) behind one file: the only module that imports the AWS SDK, and
 * it does so lazily, so commands that never touch `s3://` do not pay for loading it.
 *
 * Endpoint, region and credentials come from the SDK's usual sources (`AWS_ENDPOINT_URL` /
 * `AWS_ENDPOINT_URL_S3`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`…, `~/.aws/config`); path-style
 * addressing, which S3 clones need, is winnow's own switch (`--s3-path-style` or
 * `WINNOW_S3_PATH_STYLE=1`). A missing region falls back to us-east-1 with region redirects on.
 *
 * Retries: the SDK's standard strategy (exponential backoff with full jitter; throttling errors
 * such as SlowDown and 503 start from a 1 s base, capped at 20 s per wait) with 10 attempts
 * instead of the SDK's 3, because a batch job would rather wait out a throttled prefix than fail
 * a shard. `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE` (e.g. `adaptive`) override it. A read that
 * breaks mid-stream resumes with a range request pinned to the object's ETag.
 */
import type { Readable, Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

/** True for `s3://bucket/...` locations. */
export const isS3Uri = (s: string): boolean => s.startsWith('s3://');

/** `s3://bucket/a/b` → `{ bucket: 'bucket', key: 'a/b' }`. Throws for a URI without a bucket. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  if (!isS3Uri(uri)) throw new Error(`Expected an s3://bucket/key URI, got ${uri}`);
  const rest = uri.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (!bucket) throw new Error(`Expected a bucket name in ${uri}`);
  return { bucket, key: slash < 0 ? '' : rest.slice(slash + 1) };
}

/** Joins key parts onto an S3 URI with single slashes: `s3Join('s3://b/out/', 'done', 'a/p.jsonl')`. */
export function s3Join(base: string, ...parts: string[]): string {
  let out = base.replace(/\/+$/, '');
  for (const p of parts) {
    const q = p.replace(/^\/+|\/+$/g, '');
    if (q) out += `/${q}`;
  }
  return out;
}

/** Part size of streamed uploads: 8 MiB parts allow objects up to 80 GB (10,000 parts). */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
/** Parts uploaded at once per object; memory per open upload is about (this + 1) × part size. */
export const UPLOAD_QUEUE = 2;
/** How often a read that broke mid-stream is resumed before the error is reported. */
const READ_RESUMES = 5;

interface S3Settings {
  pathStyle?: boolean;
  endpoint?: string;
  maxAttempts?: number;
}

let settings: S3Settings = {};
let clientPromise: Promise<S3Client> | null = null;

/**
 * Sets client options (and forgets the current client). `pathStyle` is also exported as
 * `WINNOW_S3_PATH_STYLE=1` so worker threads and child processes inherit it. `endpoint` and
 * `maxAttempts` are for tests; users set `AWS_ENDPOINT_URL` / `AWS_MAX_ATTEMPTS`.
 */
export function configureS3(next: S3Settings): void {
  settings = { ...settings, ...next };
  if (next.pathStyle) process.env.WINNOW_S3_PATH_STYLE = '1';
  clientPromise = null;
}

const sdk = () => import('@aws-sdk/client-s3');

async function createClient(): Promise<S3Client> {
  const { S3Client } = await sdk();
  // The SDK warns on Node 20 that releases after January 2027 need Node 22; package.json pins the
  // SDK to a release that supports Node 20, so the warning would only be noise on every run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const envAttempts = Number(process.env.AWS_MAX_ATTEMPTS);
  const config: S3ClientConfig = {
    forcePathStyle:
      settings.pathStyle ?? /^(1|true|yes)$/i.test(process.env.WINNOW_S3_PATH_STYLE ?? ''),
    followRegionRedirects: true,
    maxAttempts:
      settings.maxAttempts ?? (Number.isInteger(envAttempts) && envAttempts > 0 ? envAttempts : 10),
    ...(settings.endpoint && { endpoint: settings.endpoint }),
  };
  const client = new S3Client(config);
  try {
    await client.config.region();
    return client;
  } catch {
    // No region in the environment or config files: S3 clones ignore it, and AWS redirects.
    client.destroy();
    return new S3Client({ ...config, region: 'us-east-1' });
  }
}

/** The process's (or worker thread's) client, created on first use. */
async function client(): Promise<S3Client> {
  clientPromise ??= createClient();
  return clientPromise;
}

/** HTTP status of an SDK error, or undefined. */
function statusOf(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

const isNotFound = (e: unknown): boolean => {
  const name = (e as { name?: string } | null)?.name;
  return statusOf(e) === 404 || name === 'NotFound' || name === 'NoSuchKey';
};

/** Prefixes the URI to an SDK error's message, so a failure says which object it was about. */
function where(uri: string, e: unknown): Error {
  if (e instanceof Error) {
    e.message = `${uri}: ${e.message}`;
    return e;
  }
  return new Error(`${uri}: ${String(e)}`);
}

/** True when the object exists (HEAD); false on 404. */
export async function s3Exists(uri: string): Promise<boolean> {
  const { HeadObjectCommand } = await sdk();
  const { bucket, key } = parseS3Uri(uri);
  try {
    await (await client()).send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw where(uri, e);
  }
}

/** Every object under `prefixUri` (a key prefix, not necessarily ending in `/`), in key order; folder placeholders left out. */
export async function s3List(
  prefixUri: string,
): Promise<{ uri: string; key: string; size: number }[]> {
  const { ListObjectsV2Command } = await sdk();
  const { bucket, key: prefix } = parseS3Uri(prefixUri);
  const c = await client();
  const out: { uri: string; key: string; size: number }[] = [];
  let token: string | undefined;
  try {
    do {
      const r = await c.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(token && { ContinuationToken: token }),
        }),
      );
      // Keys ending in `/` are "folder" placeholders that consoles create, not objects to read.
      for (const o of r.Contents ?? [])
        if (o.Key !== undefined && !o.Key.endsWith('/'))
          out.push({ uri: `s3://${bucket}/${o.Key}`, key: o.Key, size: o.Size ?? 0 });
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  } catch (e) {
    throw where(prefixUri, e);
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Reads that S3 ended early, by URI (per thread), for takeReadFailure. */
const readFailures = new Map<string, Error>();

/**
 * The storage error that ended the last read of `uri` early, if any, and forgets it. The reader
 * turns any error of a byte stream into a "failed" shard (right for a truncated gzip, which a
 * rerun would fail again); a storage error is not a property of the data, so the caller fails the
 * shard instead of completing it, and a rerun redoes it.
 */
export function takeReadFailure(uri: string): Error | undefined {
  const e = readFailures.get(uri);
  readFailures.delete(uri);
  return e;
}

/** True when the last read of `uri` ended on a storage error (kept for `takeReadFailure`). */
export const readFailed = (uri: string): boolean => readFailures.has(uri);

/**
 * The object's bytes as they arrive. A connection that breaks mid-body is resumed from the
 * last byte received with a range request that must match the first response's ETag (so a
 * replaced object fails instead of splicing two versions), up to 5 times.
 */
export async function* s3ReadBytes(uri: string): AsyncGenerator<Buffer> {
  readFailures.delete(uri);
  try {
    yield* readObject(uri);
  } catch (e) {
    readFailures.set(uri, e instanceof Error ? e : new Error(String(e)));
    throw e;
  }
}

async function* readObject(uri: string): AsyncGenerator<Buffer> {
  const { GetObjectCommand } = await sdk();
  const { bucket, key } = parseS3Uri(uri);
  const c = await client();
  let offset = 0;
  let total: number | undefined;
  let etag: string | undefined;
  for (let resumes = 0; ; resumes++) {
    let body: Readable;
    try {
      const r = await c.send(
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ...(offset > 0 && { Range: `bytes=${offset}-`, ...(etag && { IfMatch: etag }) }),
        }),
      );
      if (offset === 0) {
        etag = r.ETag;
        total = r.ContentLength;
      }
      body = r.Body as Readable;
    } catch (e) {
      throw where(uri, e);
    }
    const it = (body as Readable & AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    try {
      for (;;) {
        let r: IteratorResult<Buffer>;
        try {
          r = await it.next();
        } catch (e) {
          if (resumes >= READ_RESUMES || (total !== undefined && offset >= total))
            throw where(uri, e);
          break; // resume from `offset`
        }
        if (r.done) return;
        offset += r.value.length;
        yield r.value;
      }
    } finally {
      body.destroy();
    }
    await new Promise((res) => setTimeout(res, 100 * 2 ** resumes));
  }
}

/** The whole object (small files: configs, vocabularies, stats). */
export async function s3ReadAll(uri: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of s3ReadBytes(uri)) parts.push(b);
  return Buffer.concat(parts);
}

/** Writes a whole small object (one PUT: it appears complete or not at all). */
export async function s3Put(uri: string, data: string | Buffer): Promise<void> {
  const { PutObjectCommand } = await sdk();
  const { bucket, key } = parseS3Uri(uri);
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  try {
    await (
      await client()
    ).send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length }),
    );
  } catch (e) {
    throw where(uri, e);
  }
}

/**
 * Creates the object only if no object has that key (`If-None-Match: *`). Returns 'exists'
 * when S3 answers 412 (someone else wrote it first: for a completion marker, the shard is done).
 * A 409 (a concurrent conditional write in flight) is retried until it resolves either way.
 */
export async function s3PutIfAbsent(
  uri: string,
  data: string | Buffer,
): Promise<'written' | 'exists'> {
  const { PutObjectCommand } = await sdk();
  const { bucket, key } = parseS3Uri(uri);
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  for (let attempt = 0; ; attempt++) {
    try {
      await (
        await client()
      ).send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          IfNoneMatch: '*',
        }),
      );
      return 'written';
    } catch (e) {
      const status = statusOf(e);
      if (status === 412) return 'exists';
      if (status === 409 && attempt < 5) {
        await new Promise((res) => setTimeout(res, 200 * 2 ** attempt * Math.random()));
        continue;
      }
      throw where(uri, e);
    }
  }
}

/** Deletes an object (no error when it does not exist). */
export async function s3Delete(uri: string): Promise<void> {
  const { DeleteObjectCommand } = await sdk();
  const { bucket, key } = parseS3Uri(uri);
  try {
    await (await client()).send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  } catch (e) {
    if (!isNotFound(e)) throw where(uri, e);
  }
}

/** Creates a bucket (for tests and demos); an existing bucket of ours is fine. */
export async function s3CreateBucket(bucket: string): Promise<void> {
  const { CreateBucketCommand } = await sdk();
  try {
    await (await client()).send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists')
      throw where(`s3://${bucket}`, e);
  }
}

/** A streaming upload: write to `body`, end it, then await `done`. */
export interface S3Upload {
  /** The bytes of the object; ending it completes the upload. */
  readonly body: Writable;
  /** Resolves when the object is in place; rejects (with the URI) if the upload failed. */
  readonly done: Promise<void>;
  /** Cancels: nothing appears at the key (a started multipart upload is aborted). */
  abort(): Promise<void>;
}

/**
 * Streams an object of unknown length to its final key with lib-storage's Upload: one PUT when
 * it fits in a part, otherwise a multipart upload, which stays invisible until it completes.
 * So readers never see a partial object, and no copy or rename (neither is atomic on S3) is needed.
 * Memory is bounded by about (UPLOAD_QUEUE + 1) × UPLOAD_PART_BYTES per open upload, plus up to
 * 4 MiB queued in front of it when the output is gzipped (writer.ts, GZIP_OPTIONS).
 */
export async function openS3Upload(uri: string): Promise<S3Upload> {
  const { Upload } = await import('@aws-sdk/lib-storage');
  const { bucket, key } = parseS3Uri(uri);
  const body = new PassThrough({ highWaterMark: 1 << 20 });
  const upload = new Upload({
    client: await client(),
    params: { Bucket: bucket, Key: key, Body: body },
    partSize: UPLOAD_PART_BYTES,
    queueSize: UPLOAD_QUEUE,
    leavePartsOnError: false,
  });
  let aborted = false;
  const done = upload.done().then(
    () => undefined,
    (e: unknown) => {
      body.destroy();
      throw aborted ? new Error(`${uri}: upload aborted`) : where(uri, e);
    },
  );
  done.catch(() => {}); // observed by the caller through `done`; never an unhandled rejection
  return {
    body,
    done,
    async abort() {
      aborted = true;
      body.destroy();
      await upload.abort().catch(() => {});
      await done.catch(() => {});
    },
  };
}
