/**
 * The browser's scripts and styles (`.next/static`: content-hashed file names, so immutable),
 * compressed once per build (brotli at its best level, gzip for clients without it) and answered
 * from memory, instead of gzipped by Next.js on every request. Compressing them per request cost
 * the event loop ~20 ms of CPU per page load (1.3 MB of scripts) while the page's own HTML was
 * still streaming, and brotli sends 14 % fewer bytes than gzip (docs/performance.md).
 *
 * The first start after a build compresses (about a second on two cores) and keeps the results
 * beside the files (`….js.br`, `….js.gz`, written atomically, so instances starting together on
 * one build do not clash); later starts read them. Anything not loaded here is left to Next.js.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** What is compressed (the rest of .next/static, such as fonts, is left to Next.js). */
const TYPES = {
  ".js": "application/javascript; charset=UTF-8",
  ".css": "text/css; charset=UTF-8",
  ".json": "application/json; charset=UTF-8",
  ".svg": "image/svg+xml",
};

const PREFIX = "/_next/static/";

/**
 * @typedef {{ type: string, tag: string, identity: Buffer, br: Buffer | null, gzip: Buffer | null }} Asset
 */

/**
 * Every compressible file under `dir`, keyed by the URL path it is requested at
 * (`/_next/static/chunks/….js`). An encoding that would not be smaller is not kept.
 * @param {string} dir the build's static folder (`.next/static`)
 * @returns {Promise<Map<string, Asset>>}
 */
export async function loadStaticAssets(dir) {
  const assets = new Map();
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const type = TYPES[path.extname(entry.name)];
      if (!entry.isFile() || !type) return;
      // `parentPath` from Node 20.12; `path` before it.
      const file = path.join(entry.parentPath ?? entry.path, entry.name);
      const [identity, { mtimeMs }] = await Promise.all([fs.readFile(file), fs.stat(file)]);
      const [br, gz] = await Promise.all([
        compressedOnce(file, mtimeMs, "br", () =>
          brotli(identity, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
            },
          }),
        ),
        compressedOnce(file, mtimeMs, "gz", () =>
          gzip(identity, { level: zlib.constants.Z_BEST_COMPRESSION }),
        ),
      ]);
      const tag = createHash("sha256").update(identity).digest("base64url").slice(0, 22);
      const relative = path.relative(dir, file).split(path.sep).join("/");
      assets.set(PREFIX + relative, {
        type,
        tag,
        identity,
        br: br.length < identity.length ? br : null,
        gzip: gz.length < identity.length ? gz : null,
      });
    }),
  );
  return assets;
}

/**
 * `file` compressed: read from `file.ext` when that is newer than the file (modified at
 * `sourceMtimeMs`), else made and written there (through a temporary name and a rename, so no
 * reader sees half a file).
 * @param {string} file
 * @param {number} sourceMtimeMs
 * @param {"br" | "gz"} ext
 * @param {() => Promise<Buffer>} compress
 * @returns {Promise<Buffer>}
 */
async function compressedOnce(file, sourceMtimeMs, ext, compress) {
  const target = `${file}.${ext}`;
  try {
    if ((await fs.stat(target)).mtimeMs >= sourceMtimeMs) return await fs.readFile(target);
  } catch {
    // Not kept yet (or unreadable): made below.
  }
  const made = await compress();
  const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await fs.writeFile(temporary, made);
    await fs.rename(temporary, target);
  } catch (error) {
    // A read-only build still gets the compressed bytes, just not kept for the next start.
    await fs.rm(temporary, { force: true });
    console.warn(`[user-metrics] could not keep ${target}: ${error.message}`);
  }
  return made;
}

/**
 * The encoding to send for an `Accept-Encoding` header: brotli when accepted, else gzip, else none.
 * A coding with `q=0` is refused; `*` stands for any coding not named.
 * @param {string | undefined} header
 * @returns {"br" | "gzip" | null}
 */
export function chooseEncoding(header) {
  /** @type {Map<string, number>} */
  const weights = new Map();
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const accepts = (coding) => (weights.get(coding) ?? weights.get("*") ?? 0) > 0;
  if (accepts("br")) return "br";
  if (accepts("gzip")) return "gzip";
  return null;
}

/**
 * Answers a GET or HEAD of a loaded asset (true), or leaves the request alone (false): another
 * method, a path not loaded, or a query string (Next.js's own handling decides those).
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {Map<string, Asset>} assets
 * @param {readonly { key: string, value: string }[]} headers sent with every answer
 * @returns {boolean}
 */
export function serveStaticAsset(req, res, assets, headers) {
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  const asset = assets.get(req.url ?? "");
  if (!asset) return false;
  const wanted = chooseEncoding(req.headers["accept-encoding"]);
  const encoding = wanted && asset[wanted] ? wanted : null;
  const body = (encoding && asset[encoding]) ?? asset.identity;
  const etag = `"${asset.tag}${encoding ? `-${encoding}` : ""}"`;
  for (const { key, value } of headers) res.setHeader(key, value);
  res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
  res.setHeader("Vary", "Accept-Encoding");
  res.setHeader("ETag", etag);
  const match = req.headers["if-none-match"];
  if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
    res.statusCode = 304;
    res.end();
    return true;
  }
  res.statusCode = 200;
  res.setHeader("Content-Type", asset.type);
  res.setHeader("Content-Length", body.length);
  if (encoding) res.setHeader("Content-Encoding", encoding);
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
