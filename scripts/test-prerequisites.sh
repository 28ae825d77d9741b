#!/usr/bin/env bash
# What `npm test` needs from this machine, brought up when missing (npm runs this as `pretest`):
# PostgreSQL and Redis started if they are down, and Debian's Chromium (Playwright drives it),
# prometheus (its promtool checks the alert rules) and HAProxy (the cluster test's load balancer)
# installed when absent — as root, which installs.
set -euo pipefail

start_services() {
  if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  fi
  if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
  fi
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -p 5432 -q && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is not answering" >&2
  return 1
}

install_packages() {
  local need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v promtool >/dev/null 2>&1 || need+=(prometheus)
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "npm test needs Debian's ${need[*]}: run it as root once, or apt-get install -y ${need[*]}" >&2
    return 1
  fi
  echo "installing Debian's ${need[*]} for the tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${need[@]}" >/dev/null || {
    apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
  }
}

start_services
install_packages
