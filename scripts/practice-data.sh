# Sourced by scripts/backup.sh and scripts/restore.sh: where the local-process stack keeps the practice, and the
# Worker's backup verbs pointed at it. The local PostgreSQL trusts connections over the Unix socket in its data
# folder (postgres.sh runs initdb with --auth-local=trust), so no password is read or passed; the port only names
# the socket. Set PORTAL_DATA_PATH when the AppHost's Portal:Local:DataPath is not the default .local/data.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=$(realpath -m "${PORTAL_DATA_PATH:-$repo/.local/data}")
postgres_data=$data/postgres
uploads=$data/directus-uploads

# The port of the PostgreSQL serving $postgres_data, if one runs (postmaster.pid: its pid on line 1, port on line 4).
running_port() {
  local pid_file=$postgres_data/postmaster.pid
  [ -s "$pid_file" ] && kill -0 "$(sed -n 1p "$pid_file")" 2>/dev/null && sed -n 4p "$pid_file"
}

# run_worker PORT VERB ARGS...: Portal.Worker VERB with the databases the AppHost creates (portal, directus)
# and Directus's uploads folder.
run_worker() {
  local server="Host=$postgres_data;Port=$1;Username=postgres"
  shift
  dotnet run --project "$repo/Portal.Worker" --no-launch-profile -- "$@" \
    "--ConnectionStrings:portal=$server;Database=portal" \
    "--ConnectionStrings:directus-db=$server;Database=directus" \
    "--Backup:DirectusUploadsPath=$uploads"
}
