# A throwaway PostgreSQL cluster on a free loopback port, for the storage tests.
# start_test_postgres exports RAPPORT_TEST_POSTGRES; stop_test_postgres removes every trace.

RAPPORT_PG_DIR=""

free_loopback_port() {
  local port
  for port in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port between 55432 and 55532" >&2
  return 1
}

as_postgres_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_test_postgres() {
  local bin port
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; return 1; }
  port=$(free_loopback_port)
  RAPPORT_PG_DIR=$(mktemp -d /tmp/rapport-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$RAPPORT_PG_DIR"
  as_postgres_user "$bin/initdb" -D "$RAPPORT_PG_DIR/data" -A trust -U postgres --no-sync -E UTF8 >"$RAPPORT_PG_DIR/initdb.log" 2>&1 \
    || { cat "$RAPPORT_PG_DIR/initdb.log" >&2; return 1; }
  # Durability off: the cluster lives for one test run.
  as_postgres_user "$bin/pg_ctl" -D "$RAPPORT_PG_DIR/data" -l "$RAPPORT_PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $RAPPORT_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$RAPPORT_PG_DIR/server.log" >&2; return 1; }
  export RAPPORT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_test_postgres() {
  [ -n "$RAPPORT_PG_DIR" ] && [ -d "$RAPPORT_PG_DIR" ] || return 0
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  as_postgres_user "$bin/pg_ctl" -D "$RAPPORT_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$RAPPORT_PG_DIR"
  RAPPORT_PG_DIR=""
}
