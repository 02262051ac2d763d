# shellcheck shell=bash
#
# Shared helpers for the PostgreSQL 15 clusters Goldaw uses outside production:
#   - scripts/test   : a throwaway cluster per test run, in a temp folder;
#   - scripts/pg-dev : a persistent development cluster under data/pg.
#
# Source this file; it defines functions and a few variables, and runs nothing.
# Every function returns non-zero on failure by itself (explicit `|| return`),
# because callers run them under `cmd || status=$?`, where bash ignores set -e
# inside the whole call. Problems are reported on stderr. Everything runs as root (CI and the dev machines do), so the server
# itself is run as an unprivileged system user: initdb and postgres refuse root.

# Debian's postgresql-15 installs its server binaries here, off PATH on purpose
# (postgresql-common wraps them); we call them directly and ignore the wrappers so
# that our clusters never touch the system cluster under /etc/postgresql.
PG_BIN=/usr/lib/postgresql/15/bin

# Set by pg_ensure_os_user: the system account the server processes run as.
PG_OS_USER=""

# Installs Debian packages without prompts. A fresh machine may have empty or stale
# package lists; `apt-get update` is slow, so it is paid only when the plain install
# fails.
goldaw_apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y --no-install-recommends "$@"; then
        echo "apt-get install failed; refreshing package lists and retrying" >&2
        apt-get update
        apt-get install -y --no-install-recommends "$@"
    fi
}

# CI starts from a machine where nothing we installed by hand survives, so the
# server is installed on demand rather than assumed.
pg_ensure_installed() {
    if [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" && -x "$PG_BIN/psql" ]]; then
        return 0
    fi
    # (psql comes from postgresql-client-15, a dependency of postgresql-15.)
    echo "PostgreSQL 15 not found under $PG_BIN; installing postgresql-15" >&2
    local started=$SECONDS
    goldaw_apt_install postgresql-15 || return
    echo "postgresql-15 installed in $((SECONDS - started)) s" >&2
    # The package's postinst creates and starts a system cluster on port 5432.
    # We never use it; leaving it running is harmless, and stopping it here could
    # surprise a developer who does use it.
}

# Picks the account to run the server as: Debian's `postgres` (created by the
# package) when present, otherwise a dedicated system account, so that a server
# package installed some other way still works.
pg_ensure_os_user() {
    if id -u postgres >/dev/null 2>&1; then
        PG_OS_USER=postgres
        return 0
    fi
    if ! id -u goldawpg >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin goldawpg || return
    fi
    PG_OS_USER=goldawpg
}

# Runs a command as the server account. `cd /` first: the caller's working
# directory (the repo, maybe under /root) may be unreadable for that account, and
# initdb/pg_ctl complain when they cannot stat it.
pg_as_user() {
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
}

# Prints a TCP port on 127.0.0.1 that was free a moment ago (the kernel's pick
# for port 0). Another process could take it before the server binds it; the
# window is tiny and a clash makes pg_ctl fail loudly, not silently.
goldaw_free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# pg_init_cluster BASE PORT [fast]
#   Creates a cluster in BASE/data listening on 127.0.0.1:PORT with its unix
#   socket in BASE/run and its log in BASE/postgres.log. BASE must exist.
#   "fast" trades crash safety for speed (fsync off etc.): right for a throwaway
#   test cluster, wrong for data a developer wants to keep. "national" keeps crash
#   safety and sizes memory and WAL as a national database server would (on this
#   24 GiB machine): what the national-scale benchmarks run on (docs/deployment.md).
pg_init_cluster() {
    local base=$1 port=$2 mode=${3:-safe}
    mkdir -p "$base/run" || return
    chown -R "$PG_OS_USER:" "$base" || return
    chmod 700 "$base" || return
    # The server account must be able to walk down to BASE; a repo under a
    # private home folder is the usual culprit.
    if ! pg_as_user test -w "$base"; then
        echo "error: user $PG_OS_USER cannot write to $base (check the permissions of its parent folders)" >&2
        return 1
    fi
    # -U postgres: the superuser keeps the same name whichever OS account runs
    # the server. Trust auth: only loopback and our own socket can reach it.
    # C.UTF-8: byte-order collation but Unicode-aware upper()/lower(), which the
    # Turkmen and Russian texts need; it ships with glibc, no locales package.
    pg_as_user "$PG_BIN/initdb" -D "$base/data" -U postgres \
        --auth-local=trust --auth-host=trust \
        --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 || {
        cat "$base/initdb.log" >&2
        return 1
    }
    {
        echo "# Added by scripts/lib/pg.sh"
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$base/run'"
        echo "max_connections = 100"
        if [[ $mode == fast ]]; then
            echo "fsync = off"
            echo "synchronous_commit = off"
            echo "full_page_writes = off"
        fi
        if [[ $mode == national ]]; then
            echo "shared_buffers = 4GB"
            echo "effective_cache_size = 16GB"
            echo "maintenance_work_mem = 1GB"
            echo "work_mem = 32MB"
            echo "max_wal_size = 8GB"
            echo "checkpoint_timeout = 30min"
            echo "wal_compression = on"
            echo "random_page_cost = 1.1"
            echo "wal_level = replica"
            echo "max_wal_senders = 4"
        fi
    } >>"$base/data/postgresql.conf"
}

# pg_start BASE: starts the cluster and waits until it accepts connections.
pg_start() {
    local base=$1
    if ! pg_as_user "$PG_BIN/pg_ctl" -D "$base/data" -l "$base/postgres.log" \
        -w -t 60 start >/dev/null; then
        echo "error: PostgreSQL did not start; log tail:" >&2
        tail -n 40 "$base/postgres.log" >&2 || true
        return 1
    fi
}

# pg_is_running BASE: true when a server is running on that cluster.
pg_is_running() {
    [[ -f "$1/data/postmaster.pid" ]] &&
        pg_as_user "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

# pg_stop BASE [MODE]: stops the server if it is running. MODE is pg_ctl's
# shutdown mode: "fast" keeps data consistent, "immediate" is for clusters about
# to be deleted anyway.
pg_stop() {
    local base=$1 mode=${2:-fast}
    if pg_is_running "$base"; then
        pg_as_user "$PG_BIN/pg_ctl" -D "$base/data" -m "$mode" -w -t 60 stop >/dev/null
    fi
}

# pg_psql BASE PORT [psql args...]: psql as the superuser over the cluster's
# unix socket (no password, no TCP), stopping at the first SQL error.
pg_psql() {
    local base=$1 port=$2
    shift 2
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$base/run" -p "$port" -U postgres -d postgres "$@"
}

# pg_ensure_role_and_db BASE PORT ROLE PASSWORD DB: creates the application role
# (superuser: tests and migrations may create extensions) and its database, if
# they are missing, so it can be rerun against an existing cluster.
pg_ensure_role_and_db() {
    local base=$1 port=$2 role=$3 password=$4 db=$5 found
    found=$(pg_psql "$base" "$port" -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'") || return
    if [[ -z $found ]]; then
        pg_psql "$base" "$port" -c "CREATE ROLE \"$role\" LOGIN SUPERUSER PASSWORD '$password'" || return
    fi
    found=$(pg_psql "$base" "$port" -tA -c "SELECT 1 FROM pg_database WHERE datname = '$db'") || return
    if [[ -z $found ]]; then
        pg_psql "$base" "$port" -c "CREATE DATABASE \"$db\" OWNER \"$role\"" || return
    fi
}
