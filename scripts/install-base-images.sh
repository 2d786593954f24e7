#!/usr/bin/env bash
# Makes the base images paas builders and tests use, locally (no registry is reachable here):
#   paas/busybox           from Debian's busybox-static (a second)
#   paas/debian:bookworm   debootstrap --variant=minbase (about 30 s)
#   paas/node:20           Debian + this host's Node.js 20 and npm
#   paas/python:3.11       Debian + python3 (3.11), venv and pip from Debian's mirror
# An image that already exists is kept, so running this again costs nothing.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
have() { $SUDO docker image inspect "$1" >/dev/null 2>&1; }
work=$(mktemp -d)
trap '$SUDO rm -rf "$work"' EXIT

# The first Debian mirror apt uses (one-line or deb822 format; comments skipped).
mirror=$(grep -hE '^[[:space:]]*(deb|URIs:)[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
  /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -oE 'https?://[^ ]+/debian/?' | grep -v security | head -n1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

if ! have paas/busybox:latest; then
  echo "-----> making paas/busybox"
  mkdir -p "$work/bb/bin"
  cp /bin/busybox "$work/bb/bin/busybox"
  for a in $("$work/bb/bin/busybox" --list); do [ "$a" = busybox ] || ln -s busybox "$work/bb/bin/$a"; done
  mkdir -p "$work/bb/tmp" "$work/bb/etc" "$work/bb/root"
  echo 'root:x:0:0:root:/root:/bin/sh' > "$work/bb/etc/passwd"
  echo 'root:x:0:' > "$work/bb/etc/group"
  tar -C "$work/bb" -c . | $SUDO docker import -c 'CMD ["/bin/sh"]' - paas/busybox:latest >/dev/null
fi

if ! have paas/debian:bookworm; then
  echo "-----> making paas/debian:bookworm with debootstrap from $mirror"
  $SUDO debootstrap --variant=minbase bookworm "$work/deb" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  $SUDO rm -rf "$work/deb/var/cache/apt/archives/"*.deb "$work/deb/var/lib/apt/lists/"*
  $SUDO tar -C "$work/deb" -c . | $SUDO docker import -c 'CMD ["/bin/bash"]' - paas/debian:bookworm >/dev/null
fi

if ! have paas/node:20; then
  echo "-----> making paas/node:20 from this host's node $(node -v)"
  mkdir -p "$work/node"
  cp "$(command -v node)" "$work/node/node"
  cp -r "$(npm root -g)/npm" "$work/node/npm"
  cat > "$work/node/Dockerfile" <<'DOCKERFILE'
FROM paas/debian:bookworm
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node -v && npm -v
CMD ["node"]
DOCKERFILE
  $SUDO docker build -q -t paas/node:20 "$work/node" >/dev/null
fi

if ! have paas/python:3.11; then
  echo "-----> making paas/python:3.11"
  mkdir -p "$work/py"
  cat > "$work/py/Dockerfile" <<'DOCKERFILE'
FROM paas/debian:bookworm
RUN apt-get update -q && apt-get install -y -q --no-install-recommends python3 python3-venv python3-pip ca-certificates \
 && rm -rf /var/lib/apt/lists/* && ln -sf /usr/bin/python3 /usr/local/bin/python && python3 --version
CMD ["python3"]
DOCKERFILE
  $SUDO docker build -q -t paas/python:3.11 "$work/py" >/dev/null
fi
echo "-----> base images ready: paas/busybox paas/debian:bookworm paas/node:20 paas/python:3.11"
