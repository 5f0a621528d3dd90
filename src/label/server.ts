/**
 * `winnow label --serve`: the labeling page on a local HTTP server (Node's `http`; four routes
 * do not earn a framework). It serves the page and its JSON endpoints and nothing else:
 *
 *   GET  /                 the page
 *   GET  /api/state        kind of items, progress, where to start
 *   GET  /api/item?k=K     item K (1-based), its text in pieces
 *   GET  /api/next?after=K the item after K (the first unanswered, wrapping), or null
 *   POST /api/answer       {"item": K, "label": …, "note"?: …}: appended and fsync'ed, then acknowledged
 *
 * Answers are written synchronously by one LabelsFile, so requests from several tabs are
 * serialised and every acknowledged answer is on disk. A request whose Host is not this server's
 * own (a DNS-rebinding page names its own domain) is refused, and so is a cross-origin request:
 * a POST must come from the page itself (its Origin) with a JSON body, which a form or a
 * cross-site `fetch` without a CORS preflight cannot send.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { basename } from 'node:path';
import { UsageError } from '../errors.ts';
import { firstUnanswered, LABELS, nextUnanswered, type Item } from './items.ts';
import { LabelsFile } from './labels-file.ts';
import { PAGE_CSP, PAGE_HTML } from './page.ts';
import { itemView } from './view.ts';

export interface ServeOptions {
  input: string;
  out: string;
  items: readonly Item[];
  host: string;
  port: number;
  /** Item to open first (1-based); else the first unanswered one. */
  start?: number;
}

/** The longest note kept (characters); a request body is at most 64 KiB. */
const MAX_NOTE = 10_000;
const MAX_BODY = 64 * 1024;

const HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Per-stratum and total progress. */
function progress(items: readonly Item[], labels: LabelsFile) {
  const strata = new Map<string, { name: string; n: number; done: number }>();
  let answered = 0;
  items.forEach((it, k) => {
    const name = it.stratum ?? '(none)';
    const s = strata.get(name) ?? { name, n: 0, done: 0 };
    s.n++;
    if (labels.answers.has(k + 1)) {
      s.done++;
      answered++;
    }
    strata.set(name, s);
  });
  return { total: items.length, answered, strata: [...strata.values()] };
}

/** Host names this server answers to: IP literals and localhost on its port, or the name it was told to listen on. */
function hostAllowed(hostHeader: string | undefined, listenHost: string, port: number): boolean {
  if (!hostHeader) return false;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\[\]]+):(\d+)$/.exec(hostHeader);
  if (!m || Number(m[2]) !== port) return false;
  const name = m[1]!.replace(/^\[|\]$/g, '').toLowerCase();
  return isIP(name) !== 0 || name === 'localhost' || name === listenHost.toLowerCase();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new HttpError(413, 'request body too large');
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The request handler over `items` and `labels` (exported for tests through `startServer`). */
function handler(opts: ServeOptions, labels: LabelsFile, port: () => number) {
  const { items } = opts;
  const kind = items[0]?.kind ?? 'doc';
  const answered = (k: number) => labels.answers.has(k + 1);
  const itemNumber = (v: unknown): number => {
    const k = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > items.length)
      throw new HttpError(400, `expected an item number from 1 to ${items.length}`);
    return k;
  };
  const next = (k: number) => {
    const j = nextUnanswered(answered, k - 1, items.length);
    return j === undefined ? null : j + 1;
  };

  const route = async (
    req: IncomingMessage,
    url: URL,
  ): Promise<{ type: 'html' | 'json'; body: unknown }> => {
    const path = url.pathname;
    if (req.method === 'GET' && path === '/') return { type: 'html', body: PAGE_HTML };
    if (req.method === 'GET' && path === '/api/state') {
      const first = firstUnanswered(answered, items.length);
      const start = opts.start ?? (first < 0 ? null : first + 1);
      return {
        type: 'json',
        body: {
          kind,
          labels: LABELS[kind],
          input: basename(opts.input),
          out: basename(opts.out),
          start,
          progress: progress(items, labels),
        },
      };
    }
    if (req.method === 'GET' && path === '/api/item') {
      const k = itemNumber(url.searchParams.get('k'));
      return {
        type: 'json',
        body: itemView(items[k - 1]!, k, items.length, labels.answers.get(k)),
      };
    }
    if (req.method === 'GET' && path === '/api/next')
      return { type: 'json', body: { next: next(itemNumber(url.searchParams.get('after'))) } };
    if (req.method === 'POST' && path === '/api/answer') {
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? ''))
        throw new HttpError(415, 'expected a JSON body (Content-Type: application/json)');
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch (e) {
        if (e instanceof HttpError) throw e;
        throw new HttpError(400, 'expected a JSON body');
      }
      const { item, label, note } = (body ?? {}) as Record<string, unknown>;
      const k = itemNumber(item);
      if (typeof label !== 'string' || !(LABELS[kind] as readonly string[]).includes(label))
        throw new HttpError(400, `expected label one of ${LABELS[kind].join(', ')}`);
      if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE))
        throw new HttpError(400, `expected note a string of at most ${MAX_NOTE} characters`);
      labels.append(items[k - 1]!.raw, k, label, (note as string | undefined)?.trim() || undefined);
      return {
        type: 'json',
        body: { ok: true, item: k, label, next: next(k), progress: progress(items, labels) },
      };
    }
    if (['/', '/api/state', '/api/item', '/api/next', '/api/answer'].includes(path))
      throw new HttpError(405, 'method not allowed');
    throw new HttpError(404, 'not found');
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, type: 'html' | 'json', body: unknown) => {
      const text = type === 'html' ? String(body) : JSON.stringify(body);
      res.writeHead(status, {
        ...HEADERS,
        'Content-Type':
          type === 'html' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Security-Policy':
          type === 'html' ? PAGE_CSP : "default-src 'none'; frame-ancestors 'none'",
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    try {
      const host = req.headers.host;
      if (!hostAllowed(host, opts.host, port()))
        throw new HttpError(403, 'refused: the Host header is not this server');
      const origin = req.headers.origin;
      const own = `http://${host}`;
      if (origin !== undefined && origin !== own)
        throw new HttpError(403, 'refused: cross-origin request');
      if (
        req.method === 'POST' &&
        (origin !== own ||
          (req.headers['sec-fetch-site'] !== undefined &&
            req.headers['sec-fetch-site'] !== 'same-origin'))
      ) {
        throw new HttpError(403, 'refused: a POST must come from this page');
      }
      const r = await route(req, new URL(req.url ?? '/', own));
      send(200, r.type, r.body);
    } catch (e) {
      if (e instanceof HttpError) send(e.status, 'json', { error: e.message });
      else send(500, 'json', { error: e instanceof Error ? e.message : String(e) });
    }
  };
}

/** A running labeling server. */
export interface LabelServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Opens the labels file and starts listening; `port` 0 takes any free port. */
export async function startServer(opts: ServeOptions): Promise<LabelServer> {
  const labels = await LabelsFile.open(opts.out, opts.input);
  let port = opts.port;
  const server = createServer(
    { requestTimeout: 30_000 },
    handler(opts, labels, () => port),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => resolve());
    });
  } catch (e) {
    labels.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UsageError(
        `Port ${opts.port} on ${opts.host} is in use: pass --port N (0 takes any free port)`,
      );
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES')
      throw new UsageError(`Cannot listen on ${opts.host}:${opts.port} (${code})`);
    throw e;
  }
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const shown = isIP(opts.host) === 6 ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          labels.close();
          resolve();
        });
      }),
  };
}

/** Serves until SIGINT or SIGTERM, printing the URL; the flow behind `label --serve`. */
export async function serveLabels(opts: ServeOptions, log: (s: string) => void): Promise<void> {
  const s = await startServer(opts);
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(opts.host);
  log(
    `winnow: labeling ${opts.items.length} ${opts.items[0]?.kind === 'pair' ? 'pairs' : 'items'} of ${opts.input} into ${opts.out}\n` +
      `winnow: open ${s.url}  (Ctrl-C stops; every answer is on disk when the page shows it saved)\n` +
      (loopback
        ? ''
        : `winnow: listening on ${opts.host}, not only this machine: anyone who can reach it can label\n`),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await s.close();
  log(`winnow: stopped; answers are in ${opts.out}\n`);
}
