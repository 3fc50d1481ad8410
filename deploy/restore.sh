#!/usr/bin/env bash
# Restore a backup written by deploy/backup.sh into an EMPTY database and the file folders.
#
#   deploy/restore.sh BACKUP_FOLDER
#
# Environment: DATABASE_URL (the target database, created beforehand: `createdb desabinaan`),
# PRIVATE_ROOT and MEDIA_ROOT as for backup.sh. Stop the web, worker and scheduler services
# first. The checksums are verified before anything is written; the database is restored in
# one transaction, so a failure leaves it empty rather than half restored.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must point at the (empty) target database}"
src=${1:?usage: restore.sh BACKUP_FOLDER}
private=${PRIVATE_ROOT:-/var/lib/desabinaan/private}
media=${MEDIA_ROOT:-/var/lib/desabinaan/media}

(cd "$src" && sha256sum --check --quiet SHA256SUMS)

tables=$(psql --dbname="$DATABASE_URL" --tuples-only --no-align --command \
  "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
if [[ $tables != 0 ]]; then
  echo "The target database already has $tables tables: restore into an empty database." >&2
  exit 1
fi
pg_restore --no-owner --no-acl --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$src/database.dump"

umask 077
for part in private media; do
  folder=$([[ $part == private ]] && echo "$private" || echo "$media")
  mkdir -p "$folder"
  tar -C "$folder" -xzf "$src/$part.tar.gz"
done
echo "restored $src"
