import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * HAProxy (Debian's package) in the foreground on loopback, in front of the given instances:
 * round robin, a health check of /api/health every 500 ms (two failures take an instance out, two
 * passes bring it back), and a request whose connection to an instance is refused sent to another
 * (`retries` + `redispatch`). Nothing is retried once it has reached an instance: a POST is never
 * sent twice by the balancer. `X-Forwarded-For` is appended (the app trusts one hop).
 */
export type Balancer = { url: string; stop: () => Promise<void>; logs: () => string };

export function haproxyConfig(port: number, backends: number[]): string {
  return `global
  maxconn 2000

defaults
  mode http
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  timeout http-request 10s
  retries 3
  option redispatch 1
  option forwardfor
  option http-server-close

frontend api
  bind 127.0.0.1:${port}
  default_backend app

backend app
  balance roundrobin
  option httpchk GET /api/health
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2
${backends.map((p, i) => `  server app${i + 1} 127.0.0.1:${p} check`).join("\n")}
`;
}

export async function startHaproxy(port: number, backends: number[]): Promise<Balancer> {
  if (spawnSync("haproxy", ["-v"]).status !== 0)
    throw new Error(
      "haproxy is not installed: apt-get install -y haproxy (scripts/test-prerequisites.sh does)",
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "um-cluster-lb-"));
  const file = path.join(dir, "haproxy.cfg");
  fs.writeFileSync(file, haproxyConfig(port, backends));
  const check = spawnSync("haproxy", ["-c", "-f", file], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`haproxy config refused: ${check.stderr}${check.stdout}`);
  let output = "";
  const child: ChildProcess = spawn("haproxy", ["-f", file, "-db"], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`haproxy did not answer:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    logs: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        child.kill("SIGKILL");
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
