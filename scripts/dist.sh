#!/usr/bin/env bash
# Runs dist (cargo-dist), which builds the archives and installers people download from a
# GitHub release (issue 17); its settings are in dist-workspace.toml, the binaries it builds use
# Cargo.toml's [profile.dist]. Installs the pinned version below first when `dist --version`
# says another one (or dist is missing), so a fresh machine needs only Rust. For example:
#   scripts/dist.sh plan
#   scripts/dist.sh build --artifacts=local --target x86_64-unknown-linux-gnu
# The archives land in target/distrib/ (there even when CARGO_TARGET_DIR moves the build).
# After changing the version, run `scripts/dist.sh init --yes` (or `generate`) so
# .github/workflows/release.yml follows.
set -euo pipefail
cd "$(dirname "$0")/.."
version="0.34.0" # also cargo-dist-version in dist-workspace.toml
# `dist --version` prints "cargo-dist 0.34.0".
if [ "$(dist --version 2>/dev/null || true)" != "cargo-dist $version" ]; then
    cargo install cargo-dist --locked --version "$version"
fi
exec dist "$@"
