import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Builds the production bundle when there is none or a source file is newer than it. */
export function ensureBuild() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const newer = (dir: string): boolean =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).some((e) => {
      const rel = path.join(dir, e.name);
      if (e.isDirectory())
        return !["node_modules", ".next", ".data", "migrations"].includes(e.name) && newer(rel);
      return (
        /\.(tsx?|css|js)$/.test(e.name) &&
        !e.name.endsWith(".test.ts") &&
        fs.statSync(path.join(root, rel)).mtimeMs > builtAt
      );
    });
  if (
    builtAt &&
    !["app", "lib", "db", "components"].some((d) => fs.existsSync(path.join(root, d)) && newer(d))
  )
    return;
  const { status } = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
  if (status !== 0) throw new Error("next build failed");
}

export type RunningServer = {
  url: string;
  stop: () => Promise<void>;
  logs: () => string;
  process: ChildProcess;
};

/**
 * Starts the production server (`server.mjs`, what `npm start` runs) in its own process group and
 * waits until it answers; on `env.PORT` when given (an instance restarted behind a load balancer),
 * else on a free port.
 */
export async function startServer(
  env: Record<string, string>,
  label = "server",
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  let output = "";
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, "server.mjs")], {
    cwd: root,
    env: {
      ...pick(process.env, ["PATH", "HOME", "TMPDIR"]),
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/`, { signal: AbortSignal.timeout(2000) });
      if (res.ok && /database (ready|not ready)/.test(output)) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${label} did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    process: child,
    logs: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        /* gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    },
  };
}

function pick(source: NodeJS.ProcessEnv, keys: string[]) {
  const out: Record<string, string> = {};
  for (const k of keys) if (source[k]) out[k] = source[k]!;
  return out;
}
