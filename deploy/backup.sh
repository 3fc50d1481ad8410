#!/usr/bin/env bash
# Back up Desa Binaan Imigrasi: the PostgreSQL database (pg_dump, custom format) and the files
# (private uploads: report evidence, foreigner photos, import files; and MEDIA_ROOT), into one
# dated folder, keeping the newest BACKUP_KEEP folders.
#
#   deploy/backup.sh [BACKUP_DIR]
#
# Environment (the same file the services read, e.g. `set -a; . /etc/desabinaan/env`):
#   DATABASE_URL   postgres://user@host:5432/name   (required)
#   PRIVATE_ROOT   folder holding the private uploads  (default /var/lib/desabinaan/private)
#   MEDIA_ROOT     public uploads                      (default /var/lib/desabinaan/media)
#   BACKUP_DIR     where the dated folders go          (default /var/backups/desabinaan)
#   BACKUP_KEEP    how many backups to keep            (default 14)
# A finished backup is a folder named by its UTC time holding database.dump, private.tar.gz,
# media.tar.gz and SHA256SUMS; a half-written one never carries that name.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
dest=${1:-${BACKUP_DIR:-/var/backups/desabinaan}}
keep=${BACKUP_KEEP:-14}
private=${PRIVATE_ROOT:-/var/lib/desabinaan/private}
media=${MEDIA_ROOT:-/var/lib/desabinaan/media}
[[ $keep =~ ^[1-9][0-9]*$ ]] || { echo "BACKUP_KEEP must be a positive number" >&2; exit 2; }

umask 077
mkdir -p "$dest"
stamp=$(date -u +%Y%m%dT%H%M%S.%3NZ)
work="$dest/.partial-$stamp"
trap 'rm -rf "$work"' EXIT
mkdir "$work"

pg_dump --format=custom --no-owner --no-acl --dbname="$DATABASE_URL" --file="$work/database.dump"
for part in private media; do
  folder=$([[ $part == private ]] && echo "$private" || echo "$media")
  if [[ -d $folder ]]; then
    tar -C "$folder" -czf "$work/$part.tar.gz" .
  else
    tar -czf "$work/$part.tar.gz" --files-from=/dev/null  # nothing yet: an empty archive
  fi
done
(cd "$work" && sha256sum database.dump private.tar.gz media.tar.gz > SHA256SUMS)
mv -T "$work" "$dest/$stamp"  # -T: never into an existing folder
trap - EXIT

# Retention: the newest $keep complete backups stay (names sort by time).
mapfile -t old < <(find "$dest" -mindepth 1 -maxdepth 1 -type d -name '20*Z' | sort | head -n "-$keep")
for folder in "${old[@]}"; do rm -rf -- "$folder"; done
echo "$dest/$stamp"
