#!/usr/bin/env bash
# Installs a released ieplint binary for this runner: downloads the archive
# for the platform and its SHA-256 checksum, checks it, unpacks the binary
# into a folder added to the PATH. Used by the action (action.yml).
#
# IEPLINT_VERSION   the release tag, e.g. v0.1.0
# IEPLINT_REPO      owner/name of the repository that publishes releases
# IEPLINT_BASE_URL  where releases are downloaded from (default: GitHub's
#                   releases of IEPLINT_REPO); a file:// address works too
# RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH  as set by GitHub Actions
set -euo pipefail

version=${IEPLINT_VERSION:?the release tag to install}
base=${IEPLINT_BASE_URL:-https://github.com/${IEPLINT_REPO:?owner/name}/releases/download}

case "${RUNNER_OS:-Linux}/${RUNNER_ARCH:-X64}" in
  Linux/X64) target=x86_64-unknown-linux-musl ext=tar.gz ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ext=tar.gz ;;
  macOS/X64) target=x86_64-apple-darwin ext=tar.gz ;;
  macOS/ARM64) target=aarch64-apple-darwin ext=tar.gz ;;
  Windows/X64) target=x86_64-pc-windows-msvc ext=zip ;;
  *)
    echo "::error::no ieplint release for ${RUNNER_OS:-}/${RUNNER_ARCH:-}; set install: cargo to build it"
    exit 1
    ;;
esac

archive="ieplint-$version-$target.$ext"
work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/ieplint.XXXXXX")
for file in "$archive" "$archive.sha256"; do
  if ! curl --fail --silent --show-error --location --retry 3 -o "$work/$file" "$base/$version/$file"; then
    echo "::error::cannot download $base/$version/$file: is $version a released tag? (for a branch or commit, set install: cargo)"
    exit 1
  fi
done

expected=$(cut -d ' ' -f 1 < "$work/$archive.sha256")
if command -v sha256sum > /dev/null; then
  actual=$(sha256sum "$work/$archive" | cut -d ' ' -f 1)
else
  actual=$(shasum -a 256 "$work/$archive" | cut -d ' ' -f 1)
fi
if [ "$expected" != "$actual" ]; then
  echo "::error::checksum mismatch for $archive: expected $expected, got $actual"
  exit 1
fi

bin="$work/bin"
mkdir -p "$bin"
if [ "$ext" = zip ]; then
  unzip -q -j "$work/$archive" -d "$bin"
else
  tar -xzf "$work/$archive" -C "$bin" --strip-components 1
fi
echo "$bin" >> "${GITHUB_PATH:?}"
echo "installed ieplint $version ($target)"
