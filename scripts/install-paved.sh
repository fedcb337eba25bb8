#!/usr/bin/env bash
# Installs the paved release binary for this machine: downloads the archive and the release's
# SHA256SUMS, verifies the archive, and only then extracts it. A release that lacks the asset
# (HTTP 404: an unreleased commit, an unsupported platform) falls back, with a notice, to
# building from source; a checksum mismatch is an error and nothing is extracted or run.
#
# Everything comes in through the environment (so a workflow never splices inputs into code):
#   PAVED_INSTALL_DIR       required; the binary lands in $PAVED_INSTALL_DIR/bin/paved
#   PAVED_VERSION           e.g. 0.1.0 (a leading `v` is dropped); default: the version in
#                           $PAVED_SRC/Cargo.toml
#   PAVED_SRC               the source tree for the fallback; default: this script's repository
#   PAVED_REPOSITORY        owner/name of the release; default: $GITHUB_ACTION_REPOSITORY,
#                           else $GITHUB_REPOSITORY
#   PAVED_RELEASE_BASE_URL  default: https://github.com/$PAVED_REPOSITORY/releases/download
#   PAVED_TARGET            the target triple; default: detected from `uname`
#   PAVED_FALLBACK_CMD      a program run as `CMD SRC INSTALL_DIR` instead of
#                           `cargo install --locked --path SRC --root INSTALL_DIR`
set -euo pipefail

say() { printf 'install-paved: %s\n' "$*" >&2; }
die() {
  if [ "${GITHUB_ACTIONS:-}" = "true" ]; then printf '::error::install-paved: %s\n' "$*" >&2; fi
  say "error: $*"
  exit 1
}
notice() {
  if [ "${GITHUB_ACTIONS:-}" = "true" ]; then printf '::notice::install-paved: %s\n' "$*" >&2; fi
  say "$*"
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=${PAVED_SRC:-$(dirname "$here")}
dest=${PAVED_INSTALL_DIR:?PAVED_INSTALL_DIR must name the install folder}

version=${PAVED_VERSION:-}
if [ -z "$version" ]; then
  version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$src/Cargo.toml" | head -n 1)
  [ -n "$version" ] || die "PAVED_VERSION is not set and $src/Cargo.toml has no version"
fi
version=${version#v}
case $version in
  *[!A-Za-z0-9.+-]*) die "PAVED_VERSION '$version' is not a version" ;;
esac

detect_target() {
  local os arch
  os=$(uname -s)
  arch=$(uname -m)
  case $arch in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) return 1 ;;
  esac
  case $os in
    Linux) echo "$arch-unknown-linux-musl" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      [ "$arch" = x86_64 ] || return 1
      echo "x86_64-pc-windows-msvc"
      ;;
    *) return 1 ;;
  esac
}

fallback() {
  notice "$1; building paved $version from source instead (this takes a few minutes)"
  mkdir -p "$dest"
  if [ -n "${PAVED_FALLBACK_CMD:-}" ]; then
    "$PAVED_FALLBACK_CMD" "$src" "$dest"
  else
    cargo install --locked --path "$src" --root "$dest"
  fi
  exit 0
}

target=${PAVED_TARGET:-$(detect_target || true)}
[ -n "$target" ] || fallback "no release binary for $(uname -s) $(uname -m)"

repository=${PAVED_REPOSITORY:-${GITHUB_ACTION_REPOSITORY:-${GITHUB_REPOSITORY:-}}}
base=${PAVED_RELEASE_BASE_URL:-}
if [ -z "$base" ]; then
  [ -n "$repository" ] || die "set PAVED_REPOSITORY (owner/name) or PAVED_RELEASE_BASE_URL"
  base="https://github.com/$repository/releases/download"
fi
case $target in
  *windows*) archive="paved-$version-$target.zip" ;;
  *) archive="paved-$version-$target.tar.gz" ;;
esac
url="${base%/}/v$version"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints the HTTP status of GET $1 saved to $2 ("000" when no answer came).
fetch() {
  if command -v curl >/dev/null 2>&1; then
    curl -sSL --retry 3 --connect-timeout 20 -o "$2" -w '%{http_code}' "$1" || true
  elif command -v wget >/dev/null 2>&1; then
    local headers="$work/headers"
    wget -q -S -t 3 -T 20 -O "$2" "$1" 2>"$headers" || true
    local code
    code=$(sed -n 's/^ *HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' "$headers" | tail -n 1)
    echo "${code:-000}"
  else
    die "neither curl nor wget is installed"
  fi
}

download() {
  local code
  code=$(fetch "$url/$1" "$work/$1")
  case ${code:-000} in
    200) ;;
    404) fallback "release asset $url/$1 not found" ;;
    *) die "downloading $url/$1 failed (HTTP $code)" ;;
  esac
}

download SHA256SUMS
download "$archive"

want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print tolower($1); exit }' "$work/SHA256SUMS")
[ -n "$want" ] || die "SHA256SUMS of $version lists no $archive; nothing was installed"
if command -v sha256sum >/dev/null 2>&1; then
  got=$(sha256sum "$work/$archive" | awk '{ print $1 }')
elif command -v shasum >/dev/null 2>&1; then
  got=$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')
else
  die "neither sha256sum nor shasum is installed, so $archive cannot be verified"
fi
if [ "$got" != "$want" ]; then
  die "checksum mismatch for $archive: SHA256SUMS says $want, the download is $got; nothing was installed"
fi
say "verified $archive (sha256 $got)"

mkdir -p "$work/x"
case $archive in
  *.zip) (cd "$work/x" && { unzip -q "../$archive" 2>/dev/null || tar -xf "../$archive"; }) ;;
  *) tar -xzf "$work/$archive" -C "$work/x" ;;
esac
bin=$(find "$work/x" -type f \( -name paved -o -name paved.exe \) | head -n 1)
[ -n "$bin" ] || die "$archive holds no paved binary; nothing was installed"
mkdir -p "$dest/bin"
cp "$bin" "$dest/bin/"
chmod 0755 "$dest/bin/$(basename "$bin")"
say "installed paved $version ($target) at $dest/bin/$(basename "$bin")"
