import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/next-server";

/**
 * A PostgreSQL primary and a streaming replica of it, made for one test run: the machine's own
 * cluster refuses replication connections, so `initdb` makes a primary on a port of its own that
 * allows them, and `pg_basebackup` copies it into a hot standby on another port. Both run as the
 * `postgres` user (PostgreSQL refuses root), in a folder under the system's temporary directory
 * that `stop` removes. Scratch clusters: fsync off.
 */
export type PostgresPair = {
  primaryAdminUrl: string;
  urlOf: (port: number, database: string) => string;
  primaryPort: number;
  replicaPort: number;
  /** Stops the replica at once (`immediate`: as if its machine went away). */
  killReplica: () => void;
  startReplica: () => void;
  /** Changes a setting of the replica (ALTER SYSTEM) and reloads it. */
  setReplica: (name: string, value: string) => void;
  stop: () => void;
};

const BIN = (() => {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions)
    if (fs.existsSync(path.join(root, v, "bin", "initdb"))) return path.join(root, v, "bin");
  throw new Error("PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed");
})();

/** As the `postgres` user when we are root; as ourselves otherwise. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0
    ? ["runuser", ["-u", "postgres", "--", path.join(BIN, command), ...args]]
    : [path.join(BIN, command), args];
}

function run(command: string, args: string[]) {
  const [file, argv] = asPostgres(command, args);
  const result = spawnSync(file, argv, { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status}): ${result.stderr || result.stdout}`,
    );
  return result.stdout;
}

export async function startPostgresPair(): Promise<PostgresPair> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "um-cluster-pg-"));
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", root]);
  fs.chmodSync(root, 0o700);
  const primaryDir = path.join(root, "primary");
  const replicaDir = path.join(root, "replica");
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const options = (port: number) =>
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off ` +
    `-c max_connections=200 -c shared_buffers=128MB`;
  const start = (dir: string, port: number, log: string) =>
    run("pg_ctl", ["-D", dir, "-l", path.join(root, log), "-o", options(port), "-w", "-t", "60", "start"]);

  run("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  fs.appendFileSync(path.join(primaryDir, "pg_hba.conf"), "\nhost replication all 127.0.0.1/32 trust\n");
  start(primaryDir, primaryPort, "primary.log");
  run("pg_basebackup", [
    "-h",
    "127.0.0.1",
    "-p",
    String(primaryPort),
    "-U",
    "postgres",
    "-D",
    replicaDir,
    "-R",
    "-X",
    "stream",
  ]);
  // A standby that reports what its queries still read, so replay does not cancel them.
  fs.appendFileSync(path.join(replicaDir, "postgresql.auto.conf"), "\nhot_standby_feedback = on\n");
  start(replicaDir, replicaPort, "replica.log");

  const psql = (port: number, statement: string) =>
    run("psql", [
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      "-U",
      "postgres",
      "-v",
      "ON_ERROR_STOP=1",
      "-Atc",
      statement,
    ]);
  const replicaUp = () =>
    spawnSync(path.join(BIN, "pg_isready"), ["-h", "127.0.0.1", "-p", String(replicaPort)]).status === 0;

  return {
    primaryAdminUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    urlOf: (port, database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    primaryPort,
    replicaPort,
    killReplica: () => {
      if (replicaUp()) run("pg_ctl", ["-D", replicaDir, "-m", "immediate", "-w", "stop"]);
    },
    startReplica: () => {
      if (!replicaUp()) start(replicaDir, replicaPort, "replica.log");
    },
    setReplica: (name, value) => {
      psql(replicaPort, `alter system set ${name} = '${value}'`);
      psql(replicaPort, "select pg_reload_conf()");
    },
    stop: () => {
      for (const dir of [replicaDir, primaryDir])
        if (fs.existsSync(path.join(dir, "postmaster.pid")))
          spawnSync(...asPostgres("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
