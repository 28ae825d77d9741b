import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECURITY_HEADERS } from "./security-headers.mjs";
import { chooseEncoding, loadStaticAssets, serveStaticAsset } from "./static-assets.mjs";

const script = `export function f(){return ${JSON.stringify("abc".repeat(2000))}}\n`.repeat(20);

describe("chooseEncoding", () => {
  it.each([
    [undefined, null],
    ["", null],
    ["identity", null],
    ["gzip, deflate, br, zstd", "br"],
    ["GZIP, BR", "br"],
    ["gzip", "gzip"],
    ["deflate", null],
    ["br;q=0, gzip", "gzip"],
    ["br; q=0.5, gzip;q=1", "br"],
    ["gzip;q=0", null],
    ["gzip;q=nonsense", null],
    ["*", "br"],
    ["*;q=0", null],
    ["br;q=0, *", "gzip"],
    [" , ,", null],
  ])("%j → %j", (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe("the static assets answered precompressed", () => {
  let dir: string;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "um-static-"));
    fs.mkdirSync(path.join(dir, "chunks"));
    fs.mkdirSync(path.join(dir, "media"));
    fs.writeFileSync(path.join(dir, "chunks", "app.js"), script);
    fs.writeFileSync(path.join(dir, "chunks", "tiny.js"), "1");
    fs.writeFileSync(path.join(dir, "chunks", "style.css"), "body{color:red}\n".repeat(200));
    fs.writeFileSync(path.join(dir, "media", "font.woff2"), "not compressed here");
    const assets = await loadStaticAssets(dir);
    server = http.createServer((req, res) => {
      if (serveStaticAsset(req, res, assets, SECURITY_HEADERS)) return;
      res.statusCode = 404;
      res.end("left to next");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A raw request (the path as written, dot segments kept): the body as sent, not decoded. */
  function get(urlPath: string, headers: Record<string, string> = {}, method = "GET") {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, path: urlPath, method, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        });
        req.on("error", reject);
        req.end();
      },
    );
  }

  it("sends brotli to a browser that takes it, with the headers of a content-hashed file", async () => {
    const res = await get("/_next/static/chunks/app.js", { "accept-encoding": "gzip, deflate, br" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toBe("application/javascript; charset=UTF-8");
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(res.headers.vary).toBe("Accept-Encoding");
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(script.length / 10);
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(script);
    for (const { key, value } of SECURITY_HEADERS) expect(res.headers[key.toLowerCase()]).toBe(value);
  });

  it("sends gzip without brotli, and the file as it is without either", async () => {
    const gz = await get("/_next/static/chunks/app.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get("/_next/static/chunks/app.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const css = await get("/_next/static/chunks/style.css", { "accept-encoding": "br" });
    expect(css.headers["content-type"]).toBe("text/css; charset=UTF-8");
    expect(zlib.brotliDecompressSync(css.body).toString()).toContain("body{color:red}");
  });

  it("keeps no encoding that would be larger than the file", async () => {
    const res = await get("/_next/static/chunks/tiny.js", { "accept-encoding": "br, gzip" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.toString()).toBe("1");
  });

  it("answers a revalidation with 304 for the same encoding's tag only", async () => {
    const first = await get("/_next/static/chunks/app.js", { "accept-encoding": "br" });
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[\w-]+-br"$/);
    const again = await get("/_next/static/chunks/app.js", {
      "accept-encoding": "br",
      "if-none-match": etag,
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const weak = await get("/_next/static/chunks/app.js", {
      "accept-encoding": "br",
      "if-none-match": `"other", W/${etag}`,
    });
    expect(weak.status).toBe(304);
    const otherEncoding = await get("/_next/static/chunks/app.js", {
      "accept-encoding": "gzip",
      "if-none-match": etag,
    });
    expect(otherEncoding.status).toBe(200);
    expect(otherEncoding.headers.etag).not.toBe(etag);
  });

  it("answers HEAD with the headers and no body", async () => {
    const res = await get("/_next/static/chunks/app.js", { "accept-encoding": "br" }, "HEAD");
    expect(res.status).toBe(200);
    expect(Number(res.headers["content-length"])).toBeGreaterThan(0);
    expect(res.body.length).toBe(0);
  });

  it("leaves everything else to Next.js: other methods, other files, query strings, paths out of the folder", async () => {
    for (const [urlPath, method] of [
      ["/_next/static/chunks/app.js", "POST"],
      ["/_next/static/chunks/missing.js", "GET"],
      ["/_next/static/media/font.woff2", "GET"],
      ["/_next/static/chunks/app.js?v=1", "GET"],
      ["/_next/static/chunks/../chunks/app.js", "GET"],
      ["/_next/static/chunks/%61pp.js", "GET"],
      ["/chunks/app.js", "GET"],
    ] as const) {
      const res = await get(urlPath, { "accept-encoding": "br" }, method);
      expect([urlPath, res.status, res.body.toString()]).toEqual([urlPath, 404, "left to next"]);
    }
  });

  it("keeps the compressed files beside the build for the next start, and remakes one older than its file", async () => {
    const file = path.join(dir, "chunks", "app.js");
    expect(zlib.brotliDecompressSync(fs.readFileSync(`${file}.br`)).toString()).toBe(script);
    expect(zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString()).toBe(script);
    expect(fs.readdirSync(path.join(dir, "chunks")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // A kept file is what the next start sends, not compressed again ...
    const kept = zlib.brotliCompressSync("kept");
    fs.writeFileSync(`${file}.br`, kept);
    expect((await loadStaticAssets(dir)).get("/_next/static/chunks/app.js")!.br).toEqual(kept);
    // ... unless the file is newer (a build that reused the name).
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    const remade = (await loadStaticAssets(dir)).get("/_next/static/chunks/app.js")!.br!;
    expect(zlib.brotliDecompressSync(remade).toString()).toBe(script);
  });
});
