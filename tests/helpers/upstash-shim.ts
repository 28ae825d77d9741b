import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { createEvalAdapter } from "@/lib/store/eval-adapter";

/**
 * A stand-in for Upstash's REST API (POST a command array, get `{ result }` with strings in base64),
 * backed by a real Redis. It lets the tests run the product's Upstash back end end to end.
 * Like Upstash's server it accepts the ratelimit scripts' `#!lua flags=…` line (via the adapter).
 */
export async function startUpstashShim(redisUrl: string, token: string) {
  const redis = new Redis(redisUrl);
  const scripts = createEvalAdapter(redis);
  const commands: string[] = [];
  const encode = (v: unknown): unknown =>
    typeof v === "string" ? Buffer.from(v).toString("base64") : Array.isArray(v) ? v.map(encode) : v;

  const run = async (command: unknown[]) => {
    const [name, ...args] = command.map(String);
    const lower = name!.toLowerCase();
    commands.push(lower);
    if (lower === "evalsha" || lower === "eval") {
      const [body, n, ...rest] = args;
      const keys = rest.slice(0, Number(n));
      const argv = rest.slice(Number(n));
      return lower === "evalsha" ? scripts.evalsha(body!, keys, argv) : scripts.eval(body!, keys, argv);
    }
    return redis.call(lower, ...args);
  };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      res.setHeader("Content-Type", "application/json");
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: "Unauthorized" }));
        return;
      }
      const base64 = req.headers["upstash-encoding"] === "base64";
      try {
        const body = JSON.parse(raw) as unknown[];
        if (req.url?.startsWith("/pipeline") || req.url?.startsWith("/multi-exec")) {
          const out = [];
          for (const cmd of body as unknown[][])
            out.push({ result: base64 ? encode(await run(cmd)) : await run(cmd) });
          res.end(JSON.stringify(out));
          return;
        }
        const result = await run(body);
        res.end(JSON.stringify({ result: base64 ? encode(result) : result }));
      } catch (error) {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: (error as Error).message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    commands,
    redis,
    stop: async () => {
      await new Promise((r) => server.close(r));
      redis.disconnect();
    },
  };
}
