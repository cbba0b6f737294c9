# A throwaway PostgreSQL cluster on a free loopback port, for the storage tests.
# start_test_postgres exports RAPPORT_TEST_POSTGRES; stop_test_postgres removes every trace.

RAPPORT_PG_DIR=""

as_postgres_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_test_postgres() {
  local bin port started=""
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; return 1; }
  RAPPORT_PG_DIR=$(mktemp -d /tmp/rapport-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$RAPPORT_PG_DIR"
  as_postgres_user "$bin/initdb" -D "$RAPPORT_PG_DIR/data" -A trust -U postgres --no-sync -E UTF8 >"$RAPPORT_PG_DIR/initdb.log" 2>&1 \
    || { cat "$RAPPORT_PG_DIR/initdb.log" >&2; return 1; }
  # A port that looks free can still be taken between the check and the bind (or be some
  # connection's local port, which a connect test does not see): try the next one then.
  for port in $(seq 55432 55532); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    # Durability off: the cluster lives for one test run.
    if as_postgres_user "$bin/pg_ctl" -D "$RAPPORT_PG_DIR/data" -l "$RAPPORT_PG_DIR/server.log" -w -t 60 \
      -o "-p $port -k $RAPPORT_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" \
      start >/dev/null 2>&1; then
      started=$port
      break
    fi
    grep -q "Address already in use" "$RAPPORT_PG_DIR/server.log" || { cat "$RAPPORT_PG_DIR/server.log" >&2; return 1; }
    : >"$RAPPORT_PG_DIR/server.log"
  done
  [ -n "$started" ] || { echo "no loopback port between 55432 and 55532 could be bound for PostgreSQL" >&2; return 1; }
  export RAPPORT_TEST_POSTGRES="Host=127.0.0.1;Port=$started;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$started"
}

stop_test_postgres() {
  [ -n "$RAPPORT_PG_DIR" ] && [ -d "$RAPPORT_PG_DIR" ] || return 0
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  as_postgres_user "$bin/pg_ctl" -D "$RAPPORT_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$RAPPORT_PG_DIR"
  RAPPORT_PG_DIR=""
}
